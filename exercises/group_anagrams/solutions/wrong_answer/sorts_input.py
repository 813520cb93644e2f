# Sorts the caller's list in place to bring anagrams together.
from itertools import groupby


def group_anagrams(words):
    words.sort(key=lambda w: "".join(sorted(w)))
    return [list(group) for _, group in groupby(words, key=lambda w: "".join(sorted(w)))]
