def spin(n):
    raise NotImplementedError
