from collections import Counter


def group_anagrams(words):
    groups = {}
    for word in words:
        key = frozenset(Counter(word).items())
        groups.setdefault(key, []).append(word)
    return sorted(groups.values(), key=len)
