# Copies the whole input into a list first: not lazy (and never returns on an endless input).
def chunked(iterable, n):
    if n < 1:
        raise ValueError("n must be at least 1")
    items = list(iterable)
    for i in range(0, len(items), n):
        yield items[i:i + n]
