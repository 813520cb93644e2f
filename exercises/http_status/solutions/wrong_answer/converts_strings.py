# Converts its argument with int(), so "404" and 404.0 are accepted instead of raising TypeError.
def status_class(code):
    if code is None or isinstance(code, bool):
        raise TypeError("code must be an int")
    code = int(code)
    if code < 100 or code > 599:
        raise ValueError("out of range")
    if code < 200:
        return "informational"
    if code < 300:
        return "success"
    if code < 400:
        return "redirection"
    if code < 500:
        return "client error"
    return "server error"
