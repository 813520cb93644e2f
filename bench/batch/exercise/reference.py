"""Reference solution: palindrome check."""


def is_palindrome(s: str) -> bool:
    """True when s reads the same both ways, ignoring case and non-alphanumeric characters."""
    if not isinstance(s, str):
        raise TypeError(f"is_palindrome() expects a str, not {type(s).__name__}")
    kept = [c.lower() for c in s if c.isalnum()]
    return kept == kept[::-1]
