import math


def to_fahrenheit(readings):
    return [
        c * 1.8 + 32
        for c in readings
        if type(c) in (int, float) and not math.isnan(c) and not math.isinf(c) and c >= -273.15
    ]
