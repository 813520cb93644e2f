# list.index raises ValueError when the complement is not in the rest of the list.
def two_sum(nums, target):
    for i, x in enumerate(nums):
        j = nums.index(target - x, i + 1)
        return (i, j)
    return None
