def chunked(iterable, n):
    """Yield lists of n consecutive items of iterable; the last list may be shorter."""
    raise NotImplementedError
    yield  # the yield makes this function a generator
