import re

AGE = re.compile(r"[+-]?[0-9]+")


class AgeError(ValueError):
    """Base class for every invalid age."""


class AgeFormatError(AgeError):
    """Not a whole number."""


class AgeRangeError(AgeError):
    """Outside 0..150."""


def parse_age(text: str) -> int:
    if not isinstance(text, str):
        raise TypeError("text must be a str")
    stripped = text.strip()
    if not AGE.fullmatch(stripped):
        raise AgeFormatError(f"not a whole number: {text!r}")
    age = int(stripped)
    if age < 0 or age > 150:
        raise AgeRangeError(f"age out of range: {age}")
    return age
