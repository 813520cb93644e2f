# Lazy and correct, but builds each chunk with chunk + [item]: quadratic in the chunk size.
def chunked(iterable, n):
    if n < 1:
        raise ValueError("n must be at least 1")
    chunk = []
    for item in iterable:
        chunk = chunk + [item]
        if len(chunk) == n:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
