# Reads one line with input(): numbers on later lines are ignored.
line = input()
numbers = [int(t) for t in line.split()]
if not numbers:
    print("no numbers")
else:
    print("count:", len(numbers))
    print("sum:", sum(numbers))
    print("min:", min(numbers))
    print("max:", max(numbers))
    print("mean:", format(sum(numbers) / len(numbers), ".2f"))
