def run_length_encode(text):
    if not isinstance(text, str):
        raise TypeError("text must be a str")
    runs = []
    for character in text:
        if runs and runs[-1][0] == character:
            runs[-1][1] += 1
        else:
            runs.append([character, 1])
    return runs
