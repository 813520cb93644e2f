def to_fahrenheit(readings) -> list[float]:
    """Drop invalid Celsius readings, convert the others to Fahrenheit, keep their order."""
    raise NotImplementedError
