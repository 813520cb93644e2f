# Says "redirect" instead of "redirection".
def status_class(code):
    if type(code) is not int:
        raise TypeError("code must be an int")
    if not 100 <= code <= 599:
        raise ValueError("out of range")
    return ["informational", "success", "redirect", "client error", "server error"][code // 100 - 1]
