# isinstance(x, int) is true for True and False, so they are converted as 1 and 0.
import math


def to_fahrenheit(readings):
    valid = filter(lambda c: isinstance(c, (int, float)) and math.isfinite(c) and c >= -273.15, readings)
    return list(map(lambda c: c * 9 / 5 + 32, valid))
