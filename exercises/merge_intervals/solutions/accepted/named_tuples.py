"""Intervals as a namedtuple: an Interval is a tuple, so it compares as one (types: base, the default)."""

from typing import NamedTuple


class Interval(NamedTuple):
    start: int
    end: int


def merge_intervals(intervals):
    for start, end in intervals:
        if start > end:
            raise ValueError(f"interval ({start}, {end}) ends before it starts")
    merged = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1].end:
            if end > merged[-1].end:
                merged[-1] = merged[-1]._replace(end=end)
        else:
            merged.append(Interval(start, end))
    return merged
