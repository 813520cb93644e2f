namespace CodeGrader.Core.Scaffolding;

/// <summary>
/// The files of a new exercise: a small, complete function exercise (sum of the even numbers of a list) that
/// <c>codegrader verify</c> passes, with one solution in each solutions/ folder, to be edited into the real one.
/// </summary>
internal static class ExerciseTemplate
{
    public static IReadOnlyList<(string Path, string Content)> Files(string title) =>
    [
        ("exercise.yaml", Yaml(title)),
        ("statement.md", Statement(title)),
        ("starter.py", Starter),
        ("reference.py", Reference),
        ("solutions/accepted/builtin_sum.py", Accepted),
        ("solutions/wrong_answer/odd_numbers.py", WrongAnswer),
        ("solutions/runtime_error/first_item.py", RuntimeError),
        ("solutions/time_limit/quadratic.py", TimeLimit),
    ];

    private static string Yaml(string title) => $$"""
        # A new exercise: edit the statement, reference, tests and solutions, then run
        #   codegrader verify <this folder>
        # The format: docs/exercise-format.md
        title: {{Quote(title)}}
        kind: function
        entry: sum_of_evens
        statement: statement.md
        starter: starter.py
        reference: reference.py
        limits: { time: 2s, memory: 128MiB, output: 64KiB }

        tests:
          # Samples: shown to candidates in full.
          - name: a few numbers
            sample: true
            call: sum_of_evens([1, 2, 3, 4])
            expect: 6
          - name: no even numbers
            sample: true
            call: sum_of_evens([1, 3, 5])
            expect: 0

          # Hidden: candidates see only the name and the status.
          - name: empty list
            call: sum_of_evens([])
            expect: 0
          - name: negative numbers
            call: sum_of_evens([-4, -3, 2])
            expect: -2
          - name: zero is even
            call: sum_of_evens([0, 0, 1])
            expect: 0
          - name: large numbers
            call: sum_of_evens([2 ** 70, 1, 2 ** 70])
            expect_py: "2361183241434822606848"    # 2 ** 71: too large for YAML ints everywhere
          - name: rejects None
            call: sum_of_evens(None)
            raises: TypeError
          - name: long list
            call: sum_of_evens(list(range(200_000)))    # no expect: computed by the reference
            weight: 2
        """ + "\n";

    private static string Statement(string title) => $$"""
        # {{title}}

        Write a function

        ```python
        def sum_of_evens(numbers: list[int]) -> int:
        ```

        that returns the sum of the even numbers in `numbers` (0 when there are none).
        If `numbers` is not a list, raise `TypeError`.

        ## Examples

        ```python
        >>> sum_of_evens([1, 2, 3, 4])
        6
        >>> sum_of_evens([1, 3, 5])
        0
        ```

        Lists may hold hundreds of thousands of numbers: aim for a linear solution.
        """ + "\n";

    internal static string Quote(string text) => "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    private const string Starter = """"
        def sum_of_evens(numbers: list[int]) -> int:
            """Return the sum of the even numbers in numbers."""
            raise NotImplementedError

        """";

    private const string Reference = """"
        """Reference solution: the trusted model answer; it fills in every expected value left out."""


        def sum_of_evens(numbers: list[int]) -> int:
            if not isinstance(numbers, list):
                raise TypeError(f"sum_of_evens() expects a list, not {type(numbers).__name__}")
            return sum(n for n in numbers if n % 2 == 0)

        """";

    private const string Accepted = """"
        # Another correct solution: a loop instead of a generator expression.
        def sum_of_evens(numbers):
            if type(numbers) is not list:
                raise TypeError("numbers must be a list")
            total = 0
            for n in numbers:
                if n % 2 == 0:
                    total += n
            return total

        """";

    private const string WrongAnswer = """"
        # Sums the odd numbers instead: wrong on the first sample.
        def sum_of_evens(numbers):
            return sum(n for n in numbers if n % 2 == 1)

        """";

    private const string RuntimeError = """"
        # Reads the first item without checking the list is empty: IndexError on [].
        def sum_of_evens(numbers):
            if not isinstance(numbers, list):
                raise TypeError("numbers must be a list")
            first = numbers[0]
            return first * 0 + sum(n for n in numbers if n % 2 == 0)

        """";

    private const string TimeLimit = """"
        # Correct, but re-sums the prefix at every even number: quadratic, too slow on the long list.
        def sum_of_evens(numbers):
            if not isinstance(numbers, list):
                raise TypeError("numbers must be a list")
            total = 0
            for i in range(len(numbers)):
                if numbers[i] % 2 == 0:
                    total = sum(n for n in numbers[: i + 1] if n % 2 == 0)
            return total

        """";
}
