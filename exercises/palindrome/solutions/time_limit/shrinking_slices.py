# Correct, but copies the string on every step: quadratic in the length of s.
def is_palindrome(s):
    if not isinstance(s, str):
        raise TypeError("s must be a str")
    t = "".join(c for c in s if c.isalnum()).lower()
    while len(t) > 1:
        if t[0] != t[-1]:
            return False
        t = t[1:-1]
    return True
