# Returns each group as a tuple.
def group_anagrams(words):
    groups = {}
    for word in words:
        groups.setdefault(tuple(sorted(word)), []).append(word)
    return [tuple(group) for group in groups.values()]
