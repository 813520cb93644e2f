# Forgets the empty case: min() of an empty list raises ValueError.
import sys

numbers = [int(t) for t in sys.stdin.read().split()]
print(f"count: {len(numbers)}")
print(f"sum: {sum(numbers)}")
print(f"min: {min(numbers)}")
print(f"max: {max(numbers)}")
print(f"mean: {sum(numbers) / len(numbers):.2f}")
