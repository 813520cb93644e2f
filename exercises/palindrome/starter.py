def is_palindrome(s: str) -> bool:
    """Return True when s reads the same forwards and backwards, after
    lower-casing it and dropping every character that is not alphanumeric."""
    raise NotImplementedError
