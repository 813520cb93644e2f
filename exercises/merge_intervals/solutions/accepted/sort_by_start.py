def merge_intervals(intervals):
    if any(start > end for start, end in intervals):
        raise ValueError("an interval ends before it starts")
    result = []
    current_start = current_end = None
    for start, end in sorted(intervals, key=lambda iv: iv[0]):
        if current_end is not None and start <= current_end:
            current_end = max(current_end, end)
        else:
            if current_end is not None:
                result.append((current_start, current_end))
            current_start, current_end = start, end
    if current_end is not None:
        result.append((current_start, current_end))
    return result
