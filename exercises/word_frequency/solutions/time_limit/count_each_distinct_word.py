# Correct, but list.count per distinct word: slow when there are many distinct words.
def word_frequency(text):
    words = "".join(c if c.isalnum() else " " for c in text).lower().split()
    return {word: words.count(word) for word in set(words)}
