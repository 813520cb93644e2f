# A misspelt name: NameError on every well-formed input.
class AgeError(ValueError):
    pass


class AgeFormatError(AgeError):
    pass


class AgeRangeError(AgeError):
    pass


MAX_AGE = 150


def parse_age(text):
    if not isinstance(text, str):
        raise TypeError("text must be a str")
    s = text.strip()
    body = s[1:] if s[:1] in ("+", "-") else s
    if not body or not all("0" <= c <= "9" for c in body):
        raise AgeFormatError(text)
    value = int(s)
    if not 0 <= value <= MAX_AEG:
        raise AgeRangeError(value)
    return value
