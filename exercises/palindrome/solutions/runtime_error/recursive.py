# Correct on short inputs, but recursion one level per character pair: RecursionError on long ones.
def is_palindrome(s):
    if not isinstance(s, str):
        raise TypeError("s must be a str")
    t = "".join(c.lower() for c in s if c.isalnum())
    return _check(t, 0, len(t) - 1)


def _check(t, i, j):
    if j - i < 1:
        return True
    return t[i] == t[j] and _check(t, i + 1, j - 1)
