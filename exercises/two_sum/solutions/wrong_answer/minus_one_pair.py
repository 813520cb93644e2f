# Signals "no pair" with (-1, -1) instead of None.
def two_sum(nums, target):
    seen = {}
    for j, x in enumerate(nums):
        if target - x in seen:
            return (seen[target - x], j)
        seen[x] = j
    return (-1, -1)
