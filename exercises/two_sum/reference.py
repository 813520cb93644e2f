"""Reference solution: one pass with a dict from value to its first index."""


def two_sum(nums: list[int], target: int) -> tuple[int, int] | None:
    first_index: dict[int, int] = {}
    for j, x in enumerate(nums):
        i = first_index.get(target - x)
        if i is not None:
            return (i, j)
        first_index.setdefault(x, j)
    return None
