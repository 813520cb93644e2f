# Only filters out None: comparing "hot" with a number raises TypeError.
def to_fahrenheit(readings):
    return [c * 9 / 5 + 32 for c in readings if c is not None and c >= -273.15]
