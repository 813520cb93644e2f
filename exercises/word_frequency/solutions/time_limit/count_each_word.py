# Correct, but list.count for every word: quadratic in the number of words.
def word_frequency(text):
    words = "".join(c if c.isalnum() else " " for c in text).lower().split()
    return {word: words.count(word) for word in words}
