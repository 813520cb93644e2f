def run_length_encode(text):
    if not isinstance(text, str):
        raise TypeError("text must be a str")
    runs = []
    while text:
        count = 1
        while count < len(text) and text[count] == text[0]:
            count += 1
        runs.append((text[0], count))
        text = text[count:]  # copies the rest: quadratic on many short runs
    return runs
