"""Checker for two_sum: any pair of indices that works is accepted.

check(input, expected, actual) gets plain Python values; input["args"] holds the call's
arguments (nums, target), evaluated by the checker process. expected is one valid answer
(or None when there is none); actual is the candidate's answer.
"""


def check(input, expected, actual):
    nums, target = input["args"]
    if expected is None:
        if actual is None:
            return True
        return False, "no two different positions add up to the target, so the answer is None"
    if actual is None:
        return False, "a pair exists, but the answer was None"
    if type(actual) is not tuple or len(actual) != 2 or any(type(k) is not int for k in actual):
        return False, f"the answer must be a tuple of two ints, not {type(actual).__name__}"
    i, j = actual
    if not 0 <= i < j < len(nums):
        return False, f"the indices must satisfy 0 <= i < j < len(nums); got ({i}, {j})"
    if nums[i] + nums[j] != target:
        return False, f"nums[{i}] + nums[{j}] is {nums[i] + nums[j]}, not {target}"
    return True
