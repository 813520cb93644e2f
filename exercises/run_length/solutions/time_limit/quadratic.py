def run_length_encode(text):
    if not isinstance(text, str):
        raise TypeError("text must be a str")
    runs = []
    for index, character in enumerate(text):
        # Scans back to the start of the run at every character: quadratic on one long run.
        start = index
        while start > 0 and text[start - 1] == character:
            start -= 1
        if start == index:
            runs.append((character, 1))
        else:
            runs[-1] = (character, index - start + 1)
    return runs
