# \W keeps underscores (and this drops nothing else wrong): "ab_a" comes out False.
import re


def is_palindrome(s):
    if not isinstance(s, str):
        raise TypeError("s must be a str")
    cleaned = re.sub(r"\W", "", s).lower()
    return cleaned == cleaned[::-1]
