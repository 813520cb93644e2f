def spin(n):
    return n
