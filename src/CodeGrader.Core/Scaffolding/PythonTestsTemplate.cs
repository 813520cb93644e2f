namespace CodeGrader.Core.Scaffolding;

/// <summary>
/// <c>codegrader new --python-tests</c>: the same exercise as <see cref="ExerciseTemplate"/> with its tests in tests.py
/// (pytest-style functions, a unittest.TestCase, the codegrader decorators) instead of exercise.yaml.
/// </summary>
internal static class PythonTestsTemplate
{
    public static IReadOnlyList<(string Path, string Content)> Files(string title) =>
    [
        .. ExerciseTemplate.Files(title).Select(f => f.Path == "exercise.yaml" ? (f.Path, Yaml(title)) : f),
        ("tests.py", Tests),
    ];

    private static string Yaml(string title) => $$"""
        # A new exercise with its tests in Python (tests.py): edit the statement, reference, tests and solutions, then run
        #   codegrader verify <this folder>
        # The format: docs/exercise-format.md ("tests.py: tests written in Python")
        title: {{ExerciseTemplate.Quote(title)}}
        kind: function
        entry: sum_of_evens
        statement: statement.md
        starter: starter.py
        reference: reference.py
        limits: { time: 2s, memory: 128MiB, output: 64KiB }
        """ + "\n";

    private const string Tests = """"
        """Tests in Python. They run in the grading host, never in the candidate's sandbox: sum_of_evens here is a proxy
        that sends each call's arguments (plain values only) to the candidate's worker and gives back the plain value it
        returned, or raises the same built-in exception. Candidates see each test's name, status and time only."""
        import unittest

        import codegrader

        from solution import sum_of_evens


        @codegrader.sample
        def test_a_few_numbers():
            assert sum_of_evens([1, 2, 3, 4]) == 6


        @codegrader.sample
        def test_no_even_numbers():
            assert sum_of_evens([1, 3, 5]) == 0


        def test_empty_list():
            assert sum_of_evens([]) == 0


        def test_negative_numbers_and_zero():
            assert sum_of_evens([-4, -3, 2]) == -2
            assert sum_of_evens([0, 0, 1]) == 0


        def test_large_numbers():
            assert sum_of_evens([2 ** 70, 1, 2 ** 70]) == 2 ** 71


        def test_rejects_what_is_not_a_list():
            for bad in (None, (2, 4), "24"):
                with codegrader.raises(TypeError):
                    sum_of_evens(bad)


        class LongLists(unittest.TestCase):
            @codegrader.weight(2)
            def test_long_list(self):
                # Arguments travel as Python source the worker compiles (about 0.1 s per 50,000 numbers, in the call's time).
                numbers = list(range(50_000))
                self.assertEqual(sum_of_evens(numbers), sum(n for n in numbers if n % 2 == 0))

        """";
}
