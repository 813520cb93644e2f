# \w+ also matches underscores: "snake_case" stays one word.
import re


def word_frequency(text):
    counts = {}
    for word in re.findall(r"\w+", text.lower()):
        counts[word] = counts.get(word, 0) + 1
    return counts
