# Lets int() decide what a number is: accepts "1_0" and Arabic-Indic digits.
class AgeError(ValueError):
    pass


class AgeFormatError(AgeError):
    pass


class AgeRangeError(AgeError):
    pass


def parse_age(text):
    if not isinstance(text, str):
        raise TypeError("text must be a str")
    try:
        value = int(text)
    except ValueError:
        raise AgeFormatError(f"not a whole number: {text!r}") from None
    if not 0 <= value <= 150:
        raise AgeRangeError(f"age out of range: {value}")
    return value
