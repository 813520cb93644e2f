# Correct, but functools.reduce with list concatenation copies the result for every reading.
import math
from functools import reduce


def to_fahrenheit(readings):
    valid = filter(lambda c: type(c) in (int, float) and math.isfinite(c) and c >= -273.15, readings)
    return reduce(lambda acc, c: acc + [c * 9 / 5 + 32], valid, [])
