# Uses > instead of >=: drops absolute zero itself.
import math


def to_fahrenheit(readings):
    def valid(c):
        return type(c) in (int, float) and math.isfinite(c) and c > -273.15
    return [c * 9 / 5 + 32 for c in readings if valid(c)]
