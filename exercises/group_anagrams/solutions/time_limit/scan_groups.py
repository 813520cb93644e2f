# Correct, but compares each word with every group found so far: O(words * groups).
def group_anagrams(words):
    groups = []
    for word in words:
        for group in groups:
            if sorted(group[0]) == sorted(word):
                group.append(word)
                break
        else:
            groups.append([word])
    return groups
