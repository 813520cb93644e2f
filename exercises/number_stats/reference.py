"""Reference solution: summary statistics of the integers on standard input."""
import sys


def main() -> None:
    numbers = [int(token) for token in sys.stdin.read().split()]
    if not numbers:
        print("no numbers")
        return
    total = sum(numbers)
    print(f"count: {len(numbers)}")
    print(f"sum: {total}")
    print(f"min: {min(numbers)}")
    print(f"max: {max(numbers)}")
    print(f"mean: {total / len(numbers):.2f}")


if __name__ == "__main__":
    main()
