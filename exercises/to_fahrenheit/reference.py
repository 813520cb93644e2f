"""Reference solution: filter out invalid readings, map the rest to Fahrenheit."""
import math

ABSOLUTE_ZERO_C = -273.15


def _is_valid(reading) -> bool:
    return (
        isinstance(reading, (int, float))
        and not isinstance(reading, bool)
        and math.isfinite(reading)
        and reading >= ABSOLUTE_ZERO_C
    )


def to_fahrenheit(readings) -> list[float]:
    return list(map(lambda c: c * 9 / 5 + 32, filter(_is_valid, readings)))
