# Uses len() and slicing, which only sequences support: TypeError on an iterator.
def chunked(iterable, n):
    if n < 1:
        raise ValueError("n must be at least 1")
    for i in range(0, len(iterable), n):
        yield list(iterable[i:i + n])
