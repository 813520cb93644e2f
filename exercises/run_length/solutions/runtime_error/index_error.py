def run_length_encode(text):
    if not isinstance(text, str):
        raise TypeError("text must be a str")
    runs = [(text[0], 1)]  # IndexError on ""
    for character in text[1:]:
        if runs[-1][0] == character:
            runs[-1] = (character, runs[-1][1] + 1)
        else:
            runs.append((character, 1))
    return runs
