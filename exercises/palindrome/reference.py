"""Reference solution: palindrome check."""


def is_palindrome(s: str) -> bool:
    """True when s reads the same both ways after dropping non-alphanumerics and lower-casing."""
    if not isinstance(s, str):
        raise TypeError(f"is_palindrome() expects a str, not {type(s).__name__}")
    cleaned = "".join(filter(str.isalnum, s)).lower()
    return cleaned == cleaned[::-1]
