# Sorts positions by value and walks two pointers inwards: O(n log n); may return another valid pair.
def two_sum(nums, target):
    order = sorted(range(len(nums)), key=nums.__getitem__)
    lo, hi = 0, len(order) - 1
    while lo < hi:
        total = nums[order[lo]] + nums[order[hi]]
        if total == target:
            i, j = order[lo], order[hi]
            return (min(i, j), max(i, j))
        if total < target:
            lo += 1
        else:
            hi -= 1
    return None
