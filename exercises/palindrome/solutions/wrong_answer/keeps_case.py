# Forgets to lower-case: "A man, a plan, a canal: Panama" comes out False.
def is_palindrome(s):
    kept = [c for c in s if c.isalnum()]
    return kept == kept[::-1]
