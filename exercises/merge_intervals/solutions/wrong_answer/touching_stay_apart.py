# Uses < instead of <=: touching intervals such as (1, 4) and (4, 5) are not merged.
def merge_intervals(intervals):
    for start, end in intervals:
        if start > end:
            raise ValueError("bad interval")
    merged = []
    for start, end in sorted(intervals):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged
