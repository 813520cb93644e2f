# Lower-cases before grouping: "Tea" joins "eat".
def group_anagrams(words):
    groups = {}
    for word in words:
        groups.setdefault("".join(sorted(word.lower())), []).append(word)
    return list(groups.values())
