# Off by one: 100 is rejected with ValueError where a value is expected.
def status_class(code):
    if type(code) is not int:
        raise TypeError("code must be an int")
    if not 100 < code < 600:
        raise ValueError("out of range")
    return ("informational", "success", "redirection", "client error", "server error")[code // 100 - 1]
