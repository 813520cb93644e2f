# Uses sorted(word), a list, as a dict key: TypeError (lists are unhashable).
def group_anagrams(words):
    groups = {}
    for word in words:
        key = sorted(word)
        if key not in groups:
            groups[key] = []
        groups[key].append(word)
    return list(groups.values())
