import re

WORD = re.compile(r"[^\W_]+")


def word_frequency(text: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for match in WORD.finditer(text):
        word = match.group().lower()
        counts[word] = counts.get(word, 0) + 1
    return counts
