# Raises plain ValueError for every bad input: correct values, but callers cannot tell
# a format error from a range error.
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
    digits = s[1:] if s[:1] in "+-" and s else s
    if not digits or not all(c in "0123456789" for c in digits):
        raise ValueError("not a number")
    value = int(s)
    if not 0 <= value <= 150:
        raise ValueError("out of range")
    return value
