# Never yields the final, shorter chunk.
def chunked(iterable, n):
    if n < 1:
        raise ValueError("n must be at least 1")
    chunk = []
    for item in iterable:
        chunk.append(item)
        if len(chunk) == n:
            yield chunk
            chunk = []
