# Parses numbers as floats: prints "sum: 15.0", and big integers lose digits.
import sys

numbers = [float(t) for t in sys.stdin.read().split()]
if not numbers:
    print("no numbers")
else:
    print(f"count: {len(numbers)}")
    print(f"sum: {sum(numbers)}")
    print(f"min: {min(numbers)}")
    print(f"max: {max(numbers)}")
    print(f"mean: {sum(numbers) / len(numbers):.2f}")
