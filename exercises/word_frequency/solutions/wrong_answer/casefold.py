# casefold() is not lower(): "Straße" becomes "strasse".
def word_frequency(text):
    counts = {}
    for word in "".join(c if c.isalnum() else " " for c in text).split():
        word = word.casefold()
        counts[word] = counts.get(word, 0) + 1
    return counts
