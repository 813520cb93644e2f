# Collects each group in a set: repeated words are lost.
def group_anagrams(words):
    groups = {}
    for word in words:
        groups.setdefault("".join(sorted(word)), set()).add(word)
    return [sorted(group) for group in groups.values()]
