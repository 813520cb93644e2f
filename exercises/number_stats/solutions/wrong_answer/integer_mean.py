# Floor division for the mean: 13 / 3 prints as 4.00.
import sys

numbers = [int(t) for t in sys.stdin.read().split()]
if not numbers:
    print("no numbers")
else:
    print(f"count: {len(numbers)}")
    print(f"sum: {sum(numbers)}")
    print(f"min: {min(numbers)}")
    print(f"max: {max(numbers)}")
    print(f"mean: {sum(numbers) // len(numbers):.2f}")
