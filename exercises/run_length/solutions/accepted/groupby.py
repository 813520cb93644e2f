from itertools import groupby


def run_length_encode(text):
    if not isinstance(text, str):
        raise TypeError("text must be a str")
    return [(character, len(list(group))) for character, group in groupby(text)]
