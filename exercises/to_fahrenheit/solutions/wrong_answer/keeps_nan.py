# Gets the NaN check backwards (c != c is true only for NaN): NaN readings are kept.
def to_fahrenheit(readings):
    def valid(c):
        if type(c) not in (int, float) or c in (float("inf"), float("-inf")):
            return False
        return c != c or c >= -273.15
    return list(map(lambda c: c * 1.8 + 32, filter(valid, readings)))
