"""Reference solution: the class of an HTTP status code."""

CLASSES = {
    1: "informational",
    2: "success",
    3: "redirection",
    4: "client error",
    5: "server error",
}


def status_class(code: int) -> str:
    if not isinstance(code, int) or isinstance(code, bool):
        raise TypeError(f"a status code is an int, not {type(code).__name__}")
    if not 100 <= code <= 599:
        raise ValueError(f"not an HTTP status code: {code}")
    return CLASSES[code // 100]
