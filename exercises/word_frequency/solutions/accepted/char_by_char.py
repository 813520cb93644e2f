def word_frequency(text):
    counts = {}
    current = []
    for ch in text + " ":
        if ch.isalnum():
            current.append(ch)
        elif current:
            word = "".join(current).lower()
            counts[word] = counts.get(word, 0) + 1
            current = []
    return counts
