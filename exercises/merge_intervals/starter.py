def merge_intervals(intervals: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Merge overlapping intervals; return a new list of (start, end) tuples sorted by start."""
    raise NotImplementedError
