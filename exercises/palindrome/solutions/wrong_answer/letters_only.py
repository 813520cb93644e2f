# Keeps letters only, so digits are dropped: "0P" comes out True.
def is_palindrome(s):
    kept = [c.lower() for c in s if c.isalpha()]
    return kept == kept[::-1]
