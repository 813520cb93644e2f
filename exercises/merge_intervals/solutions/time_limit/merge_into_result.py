# Correct, but compares every interval with every merged interval so far: quadratic.
def merge_intervals(intervals):
    result = []
    for start, end in intervals:
        if start > end:
            raise ValueError("bad interval")
        keep = []
        for s, e in result:
            if s <= end and start <= e:
                start, end = min(s, start), max(e, end)
            else:
                keep.append((s, e))
        keep.append((start, end))
        result = keep
    return sorted(result)
