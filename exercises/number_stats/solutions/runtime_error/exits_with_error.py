# Reports "no numbers" on standard error and exits with status 1: a non-zero exit is an error.
import sys

numbers = [int(t) for t in sys.stdin.read().split()]
if not numbers:
    print("no numbers", file=sys.stderr)
    sys.exit(1)
print(f"count: {len(numbers)}")
print(f"sum: {sum(numbers)}")
print(f"min: {min(numbers)}")
print(f"max: {max(numbers)}")
print(f"mean: {sum(numbers) / len(numbers):.2f}")
