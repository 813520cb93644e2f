# isinstance(True, int) is true: True gets ValueError instead of TypeError.
def status_class(code):
    if not isinstance(code, int):
        raise TypeError("code must be an int")
    if not 100 <= code <= 599:
        raise ValueError("out of range")
    return {1: "informational", 2: "success", 3: "redirection", 4: "client error", 5: "server error"}[code // 100]
