class AgeError(ValueError):
    """Base class for every invalid age."""


class AgeFormatError(AgeError):
    """The text is not a whole number."""


class AgeRangeError(AgeError):
    """The text is a whole number outside 0..150."""


def parse_age(text: str) -> int:
    raise NotImplementedError
