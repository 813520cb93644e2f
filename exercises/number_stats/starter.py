import sys


def main():
    text = sys.stdin.read()
    # your code here


if __name__ == "__main__":
    main()
