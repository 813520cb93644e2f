# Splits on whitespace only, so punctuation sticks to words: "Hello," and "hello" differ.
def word_frequency(text):
    counts = {}
    for word in text.lower().split():
        counts[word] = counts.get(word, 0) + 1
    return counts
