# Different spacing (accepted: the comparison is token by token) and sys.exit(0) at the end.
import sys


def main():
    numbers = []
    for line in sys.stdin:
        numbers.extend(int(token) for token in line.split())
    if not numbers:
        print("no numbers   ")
        sys.exit(0)
    total = sum(numbers)
    print("count:   %d" % len(numbers))
    print("sum:     %d" % total)
    print("min:     %d" % min(numbers))
    print("max:     %d" % max(numbers))
    print("mean:    %.2f" % (total / len(numbers)))
    print()
    sys.exit(0)


main()
