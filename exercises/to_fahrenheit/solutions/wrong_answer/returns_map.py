# Returns the lazy map object instead of a list.
import math


def to_fahrenheit(readings):
    valid = filter(lambda c: type(c) in (int, float) and math.isfinite(c) and c >= -273.15, readings)
    return map(lambda c: c * 9 / 5 + 32, valid)
