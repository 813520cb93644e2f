# No range check: an unknown first digit raises KeyError, not ValueError.
LABELS = {1: "informational", 2: "success", 3: "redirection", 4: "client error", 5: "server error"}


def status_class(code):
    if type(code) is not int:
        raise TypeError("code must be an int")
    return LABELS[code // 100]
