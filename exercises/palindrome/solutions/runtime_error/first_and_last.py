# Indexes the cleaned string without checking it is empty: IndexError for "".
def is_palindrome(s):
    cleaned = "".join(c.lower() for c in s if c.isalnum())
    if cleaned[0] != cleaned[-1]:
        return False
    return cleaned == cleaned[::-1]
