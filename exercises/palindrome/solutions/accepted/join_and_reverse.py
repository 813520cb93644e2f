def is_palindrome(s):
    cleaned = "".join(ch for ch in s if ch.isalnum()).lower()
    return cleaned == cleaned[::-1]
