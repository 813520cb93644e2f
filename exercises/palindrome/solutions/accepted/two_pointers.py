# Two indices walking inwards, skipping non-alphanumeric characters; no copy of s.
def is_palindrome(s: str) -> bool:
    if not isinstance(s, str):
        raise TypeError("s must be a str")
    i, j = 0, len(s) - 1
    while i < j:
        if not s[i].isalnum():
            i += 1
        elif not s[j].isalnum():
            j -= 1
        elif s[i].lower() != s[j].lower():
            return False
        else:
            i += 1
            j -= 1
    return True
