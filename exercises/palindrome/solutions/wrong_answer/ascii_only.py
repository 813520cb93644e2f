# Treats only ASCII letters and digits as alphanumeric: any Cyrillic text comes out True.
import string

ALNUM = set(string.ascii_letters + string.digits)


def is_palindrome(s):
    if not isinstance(s, str):
        raise TypeError("s must be a str")
    cleaned = "".join(c for c in s if c in ALNUM).lower()
    return cleaned == cleaned[::-1]
