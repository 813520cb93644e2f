# Correct on short inputs, but recursion one level per character pair: RecursionError on long ones.
def is_palindrome(s):
    if not isinstance(s, str):
        raise TypeError("s must be a str")
    return _check("".join(c.lower() for c in s if c.isalnum()))


def _check(t):
    if len(t) < 2:
        return True
    return t[0] == t[-1] and _check(t[1:-1])
