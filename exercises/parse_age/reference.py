"""Reference solution: parse an age, reporting bad input through an exception hierarchy."""


class AgeError(ValueError):
    """Base class for every invalid age."""


class AgeFormatError(AgeError):
    """The text is not a whole number."""


class AgeRangeError(AgeError):
    """The text is a whole number outside 0..150."""


MAX_AGE = 150


def parse_age(text: str) -> int:
    if not isinstance(text, str):
        raise TypeError(f"parse_age() expects a str, not {type(text).__name__}")
    s = text.strip()
    negative = s[:1] == "-"
    digits = s[1:] if s[:1] in ("+", "-") else s
    if not digits or any(not ("0" <= c <= "9") for c in digits):
        raise AgeFormatError(f"not a whole number: {text!r}")
    significant = digits.lstrip("0") or "0"
    if len(significant) > 3:  # far out of range; also keeps int() away from huge inputs
        raise AgeRangeError(f"age out of range: {s}")
    value = -int(significant) if negative else int(significant)
    if not 0 <= value <= MAX_AGE:
        raise AgeRangeError(f"age out of range: {value}")
    return value
