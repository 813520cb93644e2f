def word_frequency(text: str) -> dict[str, int]:
    """Return a dict mapping each lower-cased word of text to its number of occurrences."""
    counts = {}
    # your code here
    return counts
