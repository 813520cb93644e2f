# The exception classes do not derive from AgeError / ValueError.
class AgeError(Exception):
    pass


class AgeFormatError(Exception):
    pass


class AgeRangeError(Exception):
    pass


def parse_age(text):
    if not isinstance(text, str):
        raise TypeError("text must be a str")
    s = text.strip()
    body = s[1:] if s[:1] in ("+", "-") else s
    if not body or not all("0" <= c <= "9" for c in body):
        raise AgeFormatError(text)
    value = int(s)
    if not 0 <= value <= 150:
        raise AgeRangeError(value)
    return value
