# Increments a key that is not there yet: KeyError.
def word_frequency(text):
    counts = {}
    for word in "".join(c if c.isalnum() else " " for c in text).split():
        counts[word.lower()] += 1
    return counts
