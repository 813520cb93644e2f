# Prints the mean unrounded (3.0, 4.333333333333333).
import sys

numbers = [int(t) for t in sys.stdin.read().split()]
if numbers:
    print("count:", len(numbers))
    print("sum:", sum(numbers))
    print("min:", min(numbers))
    print("max:", max(numbers))
    print("mean:", sum(numbers) / len(numbers))
else:
    print("no numbers")
