# Off by one: raises AgeRangeError for 150, where a value is expected (an unexpected exception
# is a runtime error, whatever its type).
class AgeError(ValueError):
    pass


class AgeFormatError(AgeError):
    pass


class AgeRangeError(AgeError):
    pass


def parse_age(text):
    if not isinstance(text, str):
        raise TypeError("text must be a str")
    s = text.strip()
    body = s[1:] if s[:1] in ("+", "-") else s
    if not body or not all("0" <= c <= "9" for c in body):
        raise AgeFormatError(text)
    value = int(s)
    if not 0 <= value < 150:
        raise AgeRangeError(value)
    return value
