"""Reference solution: word frequencies with a plain dict."""


def word_frequency(text: str) -> dict[str, int]:
    """Map each lower-cased word of text to the number of times it occurs."""
    spaced = "".join(c if c.isalnum() else " " for c in text)
    counts: dict[str, int] = {}
    for word in spaced.split():
        word = word.lower()
        counts[word] = counts.get(word, 0) + 1
    return counts
