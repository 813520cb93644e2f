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
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [Interval(start, end) for start, end in merged]
