# Records each value before looking for its complement, so x + x can pair a position with itself.
def two_sum(nums, target):
    seen = {}
    for j, x in enumerate(nums):
        seen.setdefault(x, j)
        if target - x in seen:
            return (seen[target - x], j)
    return None
