# Floor division: 100 gives the int 212, and 36.6 gives 97.0.
import math


def to_fahrenheit(readings):
    valid = filter(lambda c: type(c) in (int, float) and math.isfinite(c) and c >= -273.15, readings)
    return list(map(lambda c: c * 9 // 5 + 32, valid))
