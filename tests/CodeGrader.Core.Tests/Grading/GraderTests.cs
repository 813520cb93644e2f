using CodeGrader.Core.Execution;
using CodeGrader.Core.Grading;
using CodeGrader.Core.Tests.TestSupport;
using CodeGrader.Core.Results;

namespace CodeGrader.Core.Tests.Grading;

/// <summary>Grading submissions end to end with real workers: how each way a submission can go wrong is reported.</summary>
public sealed class GraderTests
{
    private const string AddExercise = """
        title: Add
        entry: add
        statement: statement.md
        reference: reference.py
        tests:
          - name: small
            sample: true
            call: add(1, 2)
            expect: 3
          - name: big
            call: add(2 ** 70, 1)
            weight: 3
        """;

    private static async Task<CodeGrader.Core.Results.GradeReport> GradeAsync(string yaml, string submission, string reference = TempExercise.DefaultReference, Action<TempExercise>? extra = null)
    {
        using var folder = new TempExercise(yaml, reference);
        extra?.Invoke(folder);
        return await Graders.GradeAsync(folder.Directory, "solution.py", submission);
    }

    [Fact]
    public async Task A_correct_submission_is_accepted_with_the_full_score()
    {
        var report = await GradeAsync(AddExercise, "def add(a, b):\n    return b + a\n");
        report.Verdict.ShouldBe(Verdict.Accepted, report.Message);
        report.Score.ShouldBe(100);
        report.Tests.Select(t => t.Status).ShouldBe([TestStatus.Passed, TestStatus.Passed]);
        report.PythonVersion.ShouldNotBeNullOrEmpty();
        report.Sandbox.Confined.ShouldBeFalse();
    }

    [Theory]
    [InlineData("def add(a, b):\n    return b + a\n", Verdict.Accepted)]
    [InlineData("def add(a, b):\n    return a - b\n", Verdict.WrongAnswer)]
    [InlineData("def add(a, b)\n    return a + b\n", Verdict.CompileError)]
    public async Task Grading_says_once_when_the_submission_s_worker_is_retired_so_a_batch_can_start_the_next_one(string submission, Verdict verdict)
    {
        using var folder = new TempExercise(AddExercise, TempExercise.DefaultReference);
        var prepared = await Graders.PrepareAsync(folder.Directory);
        var calls = 0;
        var report = await new Grader(Graders.Options).GradeAsync(prepared, SubmissionSource.FromText("solution.py", submission), null, () => calls++, CancellationToken.None);
        report.Verdict.ShouldBe(verdict, report.Message);
        calls.ShouldBe(1);
        report.PythonVersion.ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public async Task The_score_counts_weights()
    {
        var report = await GradeAsync(AddExercise, "def add(a, b):\n    return a + b if a > 100 else 0\n");
        report.Verdict.ShouldBe(Verdict.WrongAnswer);
        report.Score.ShouldBe(75);
        report.Message.ShouldBe("wrong answer on test 'small': expected 3, got 0");
    }

    [Fact]
    public async Task A_submission_without_the_entry_function_does_not_compile_and_runs_no_test()
    {
        var report = await GradeAsync(AddExercise, "def plus(a, b):\n    return a + b\n");
        report.Verdict.ShouldBe(Verdict.CompileError);
        report.Score.ShouldBe(0);
        var diagnostic = report.Diagnostics.ShouldHaveSingleItem();
        diagnostic.Id.ShouldBe("CG1004");
        diagnostic.Message.ShouldContain("does not define 'add'");
        report.Tests.ShouldAllBe(t => t.Status == TestStatus.NotRun);
    }

    [Fact]
    public async Task A_syntax_error_is_a_compile_error_with_its_line_and_the_source_line()
    {
        var report = await GradeAsync(AddExercise, "def add(a, b):\n    return a +\n");
        report.Verdict.ShouldBe(Verdict.CompileError);
        var diagnostic = report.Diagnostics.ShouldHaveSingleItem();
        diagnostic.Id.ShouldBe("CG1001");
        diagnostic.Line.ShouldBe(2);
        diagnostic.SourceLine.ShouldBe("    return a +");
    }

    [Fact]
    public async Task An_exception_while_importing_stops_the_submission_as_a_runtime_error()
    {
        var report = await GradeAsync(AddExercise, "import json\nCONFIG = json.loads('{')\ndef add(a, b):\n    return a + b\n");
        report.Verdict.ShouldBe(Verdict.RuntimeError);
        report.Message.ShouldNotBeNull().ShouldContain("while being imported");
        report.Error.ShouldNotBeNull().Type.ShouldBe("json.decoder.JSONDecodeError");
        report.Tests.ShouldAllBe(t => t.Status == TestStatus.NotRun);
    }

    [Fact]
    public async Task An_import_gets_a_second_even_when_each_test_gets_less_and_an_import_that_never_ends_is_a_time_limit()
    {
        var yaml = AddExercise.Replace("tests:", "limits: { time: 200ms }\ntests:", StringComparison.Ordinal);

        var slowImport = await GradeAsync(yaml, "import time\ntime.sleep(0.4)\ndef add(a, b):\n    return a + b\n");
        var endless = await GradeAsync(yaml, "while True:\n    pass\ndef add(a, b):\n    return a + b\n");

        slowImport.Verdict.ShouldBe(Verdict.Accepted, slowImport.Message);
        endless.Verdict.ShouldBe(Verdict.TimeLimitExceeded);
        endless.Message.ShouldNotBeNull().ShouldContain("while being imported");
        endless.Tests.ShouldAllBe(t => t.Status == TestStatus.NotRun);
    }

    [Fact]
    public async Task A_restricted_submission_nesting_ten_thousand_parentheses_is_a_syntax_error_and_grading_goes_on()
    {
        var yaml = AddExercise.Replace("tests:", "restrictions: { forbid_imports: [operator], forbid_names: [sorted] }\ntests:", StringComparison.Ordinal);
        var nested = "def add(a, b):\n    return " + new string('(', 10_000) + "a + b" + new string(')', 10_000) + "\n";
        var report = await GradeAsync(yaml, nested);
        report.Verdict.ShouldBe(Verdict.CompileError);
        report.Diagnostics.ShouldHaveSingleItem().Id.ShouldBe("CG1001");

        (await GradeAsync(yaml, "def add(a, b):\n    return a + b\n")).Verdict.ShouldBe(Verdict.Accepted);
    }

    [Fact]
    public async Task A_restricted_submission_too_deep_for_python_s_parser_is_reported_and_grading_goes_on()
    {
        var yaml = AddExercise.Replace("tests:", "restrictions: { forbid_names: [sorted] }\ntests:", StringComparison.Ordinal);
        var deep = "def add(a, b):\n    return a + b\nx = " + string.Concat(Enumerable.Repeat("1+", 200_000)) + "1\n";
        var report = await GradeAsync(yaml, deep);
        report.Verdict.ShouldBe(Verdict.CompileError);
        report.Diagnostics.ShouldHaveSingleItem().Id.ShouldBe("CG3004");

        (await GradeAsync(yaml, "def add(a, b):\n    return a + b\n")).Verdict.ShouldBe(Verdict.Accepted);
    }

    [Fact]
    public async Task A_forbidden_name_is_reported_at_its_exact_span_in_the_report()
    {
        var yaml = AddExercise.Replace("tests:", "restrictions: { forbid_names: [sorted] }\ntests:", StringComparison.Ordinal);
        var report = await GradeAsync(yaml, "def add(a, b):\n    return sum(sorted([a, b]))\n");
        var diagnostic = report.Diagnostics.ShouldHaveSingleItem();
        diagnostic.Id.ShouldBe("CG3002");
        (diagnostic.Line, diagnostic.Column, diagnostic.EndLine, diagnostic.EndColumn).ShouldBe((2, 16, 2, 22));
    }

    [Fact]
    public async Task A_restriction_stops_the_submission_before_it_runs()
    {
        var yaml = AddExercise.Replace("tests:", "restrictions: { forbid_imports: [operator] }\ntests:", StringComparison.Ordinal);
        var report = await GradeAsync(yaml, "from operator import add\n");
        report.Verdict.ShouldBe(Verdict.CompileError);
        report.Diagnostics.ShouldHaveSingleItem().Id.ShouldBe("CG3001");
        report.PythonVersion.ShouldBeNull();
    }

    [Fact]
    public async Task A_forbidden_module_imported_dynamically_is_refused_at_run_time()
    {
        var yaml = AddExercise.Replace("tests:", "restrictions: { forbid_imports: [operator] }\ntests:", StringComparison.Ordinal);
        // The static check sees no import statement; the module's __import__ refuses the name it builds.
        var report = await GradeAsync(yaml, "def add(a, b):\n    return __import__('oper' + 'ator').add(a, b)\n");
        report.Verdict.ShouldBe(Verdict.RuntimeError, report.Message);
        var error = report.Tests[0].Error.ShouldNotBeNull();
        error.Type.ShouldBe("ImportError");
        error.Message.ShouldBe("import of 'operator' is forbidden by this exercise");
    }

    [Fact]
    public async Task A_forbidden_builtin_reached_through_the_builtins_module_is_absent_at_run_time_but_test_calls_keep_it()
    {
        var yaml = AddExercise.Replace("tests:", "restrictions: { forbid_names: [sum] }\ntests:", StringComparison.Ordinal)
            .Replace("call: add(1, 2)", "call: add(*sum([[1], [2]], []))", StringComparison.Ordinal);
        var sneaky = await GradeAsync(yaml, "def add(a, b):\n    return getattr(__import__('builtins'), 'su' + 'm')([a, b])\n");
        sneaky.Tests[0].Status.ShouldBe(TestStatus.Error, sneaky.Tests[0].Message);
        sneaky.Tests[0].Error.ShouldNotBeNull().Type.ShouldBe("AttributeError");

        var honest = await GradeAsync(yaml, "def add(a, b):\n    return a + b\n");
        honest.Verdict.ShouldBe(Verdict.Accepted, honest.Message); // the author's call still uses sum()
    }

    [Fact]
    public async Task An_unexpected_exception_is_an_error_with_the_candidates_traceback()
    {
        var report = await GradeAsync(AddExercise, "def add(a, b):\n    return helper(a) + b\n\ndef helper(x):\n    raise ValueError('nope')\n");
        report.Verdict.ShouldBe(Verdict.RuntimeError);
        var test = report.Tests[0];
        test.Status.ShouldBe(TestStatus.Error);
        test.Message.ShouldBe("raised ValueError: nope");
        var error = test.Error.ShouldNotBeNull();
        error.Traceback.ShouldAllBe(frame => frame.Contains("solution.py"));
        error.Line.ShouldBe(5);
    }

    private const string AgeExercise = """
        title: Age
        entry: parse_age
        statement: statement.md
        reference: reference.py
        tests:
          - name: negative
            call: parse_age("-1")
            raises: ValueError
          - name: subclass by its own name
            call: parse_age("-1")
            raises: AgeError
        """;

    private const string AgeReference = "class AgeError(ValueError):\n    pass\n\ndef parse_age(text):\n    raise AgeError(text)\n";

    [Fact]
    public async Task An_expected_exception_accepts_subclasses_including_the_candidates_own()
    {
        var report = await GradeAsync(AgeExercise, "class AgeError(ValueError):\n    pass\n\nclass Negative(AgeError):\n    pass\n\ndef parse_age(text):\n    raise Negative(text)\n", AgeReference);
        report.Verdict.ShouldBe(Verdict.Accepted, report.Message);
    }

    [Fact]
    public async Task Another_exception_than_the_expected_one_is_a_wrong_answer()
    {
        var report = await GradeAsync(AgeExercise, "class AgeError(ValueError):\n    pass\n\ndef parse_age(text):\n    raise KeyError(text)\n", AgeReference);
        report.Verdict.ShouldBe(Verdict.WrongAnswer);
        report.Tests[0].Message.ShouldBe("expected ValueError, got KeyError: '-1'");
    }

    [Fact]
    public async Task A_value_where_an_exception_is_expected_is_a_wrong_answer()
    {
        var report = await GradeAsync(AgeExercise, "class AgeError(ValueError):\n    pass\n\ndef parse_age(text):\n    return -1\n", AgeReference);
        report.Tests[0].Status.ShouldBe(TestStatus.Failed);
        report.Tests[0].Message.ShouldBe("expected ValueError to be raised, got the value -1");
    }

    [Fact]
    public async Task After_a_hard_kill_the_remaining_tests_run_in_a_fresh_worker()
    {
        const string Yaml = """
            title: Add
            entry: add
            statement: statement.md
            reference: reference.py
            limits: { time: 300ms }
            tests:
              - name: stuck in C
                call: add(0, 0)
                expect: 0
              - name: after the kill
                call: add(1, 2)
                expect: 3
            """;
        // sum() over a huge range runs in C and never lets the soft interrupt in: the host must kill the worker.
        var report = await GradeAsync(Yaml, "def add(a, b):\n    if a == 0:\n        return sum(range(10 ** 12)) * 0\n    return a + b\n");
        report.Tests[0].Status.ShouldBe(TestStatus.Timeout);
        report.Tests[1].Status.ShouldBe(TestStatus.Passed, report.Tests[1].Message);
        report.Verdict.ShouldBe(Verdict.TimeLimitExceeded);
    }

    [Fact]
    public async Task A_soft_time_out_is_a_timeout_and_the_same_worker_goes_on()
    {
        // 1 s, not less: the host's clock times the next test too, and on a loaded machine a trivial call can take a
        // few hundred milliseconds from request to answer.
        const string Yaml = "title: Add\nentry: add\nstatement: statement.md\nreference: reference.py\nlimits: { time: 1s }\ntests:\n  - name: loop\n    call: add(0, 0)\n    expect: 0\n  - name: next\n    call: add(1, 2)\n    expect: 3\n";
        var report = await GradeAsync(Yaml, "def add(a, b):\n    while a == 0:\n        pass\n    return a + b\n");
        report.Tests[0].Status.ShouldBe(TestStatus.Timeout);
        report.Tests[1].Status.ShouldBe(TestStatus.Passed, report.Tests[1].Message);
    }

    [Fact]
    public async Task Raising_MemoryError_counts_as_the_memory_limit()
    {
        var report = await GradeAsync(AddExercise, "def add(a, b):\n    raise MemoryError()\n");
        report.Tests[0].Status.ShouldBe(TestStatus.Memory);
        report.Verdict.ShouldBe(Verdict.MemoryLimitExceeded);
    }

    [Fact]
    public async Task Printing_past_the_output_cap_is_an_output_limit()
    {
        var yaml = AddExercise.Replace("tests:", "limits: { output: 1KiB }\ntests:", StringComparison.Ordinal);
        var report = await GradeAsync(yaml, "def add(a, b):\n    print('x' * 5000)\n    return a + b\n");
        report.Tests[0].Status.ShouldBe(TestStatus.OutputLimit);
        report.Verdict.ShouldBe(Verdict.OutputLimitExceeded);
    }

    [Fact]
    public async Task What_the_solution_prints_is_captured_per_test()
    {
        var report = await GradeAsync(AddExercise, "def add(a, b):\n    print('adding', a, b)\n    return a + b\n");
        report.Tests[0].Stdout.ShouldBe("adding 1 2\n");
    }

    private const string ChunkedExercise = """
        title: Chunked
        entry: chunked
        statement: statement.md
        reference: reference.py
        tests:
          - name: endless
            call: chunked(iter(int, 1), 2)
            take: 2
        """;

    private const string ChunkedReference = "def chunked(items, n):\n    chunk = []\n    for x in items:\n        chunk.append(x)\n        if len(chunk) == n:\n            yield chunk\n            chunk = []\n    if chunk:\n        yield chunk\n";

    [Fact]
    public async Task Take_compares_the_first_items_of_an_endless_generator()
    {
        var report = await GradeAsync(ChunkedExercise, ChunkedReference, ChunkedReference);
        report.Verdict.ShouldBe(Verdict.Accepted, report.Message);
        report.Tests[0].Expected.ShouldBe("[[0, 0], [0, 0]]");
    }

    [Fact]
    public async Task Take_on_a_value_that_is_not_an_iterator_fails()
    {
        var report = await GradeAsync(ChunkedExercise.Replace("iter(int, 1)", "[0, 0, 0, 0]", StringComparison.Ordinal),
            "def chunked(items, n):\n    return [items[i:i + n] for i in range(0, len(items), n)]\n", ChunkedReference);
        report.Tests[0].Status.ShouldBe(TestStatus.Failed);
        report.Tests[0].Message.ShouldBe("expected an iterator (the test takes 2 items), got list [[0, 0], [0, 0]]");
    }

    [Fact]
    public async Task A_class_test_names_the_first_step_that_did_not_match()
    {
        const string Yaml = """
            title: Counter
            kind: class
            entry: Counter
            statement: statement.md
            reference: reference.py
            tests:
              - name: counts
                steps:
                  - do: c = Counter()
                  - call: c.up()
                  - call: c.up()
              - name: no negative start
                steps:
                  - call: Counter(-1)
                    raises: ValueError
            """;
        const string Reference = "class Counter:\n    def __init__(self, start=0):\n        if start < 0:\n            raise ValueError(start)\n        self.n = start\n    def up(self):\n        self.n += 1\n        return self.n\n";
        var ok = await GradeAsync(Yaml, Reference, Reference);
        ok.Verdict.ShouldBe(Verdict.Accepted, ok.Message);
        var wrong = await GradeAsync(Yaml, "class Counter:\n    def __init__(self, start=0):\n        self.n = start\n    def up(self):\n        self.n += 2\n        return self.n - 1\n", Reference);
        wrong.Tests[0].Message.ShouldBe("step 3 (c.up()): expected 2, got 3");
        wrong.Tests[1].Message.ShouldBe("step 1 (Counter(-1)): expected ValueError to be raised, got the value <solution.Counter object>");
    }

    [Fact]
    public async Task A_program_is_compared_by_its_output_and_a_non_zero_exit_is_an_error()
    {
        const string Yaml = "title: Sum\nkind: program\nstatement: statement.md\nreference: reference.py\ncompare: whitespace\ntests:\n  - name: sum\n    stdin: \"1 2 3\\n\"\n  - name: exit\n    stdin: \"\"\n    stdout: \"\"\n";
        const string Reference = "import sys\ndata = sys.stdin.read().split()\nif data:\n    print('sum:', sum(map(int, data)))\n";
        var ok = await GradeAsync(Yaml, "import sys\nnums = [int(x) for x in sys.stdin.read().split()]\nif nums:\n    print('sum:  ', sum(nums), '  ')\n", Reference);
        ok.Verdict.ShouldBe(Verdict.Accepted, ok.Message);
        var failing = await GradeAsync(Yaml, "import sys\nnums = [int(x) for x in sys.stdin.read().split()]\nif not nums:\n    sys.exit(1)\nprint('sum:', sum(nums))\n", Reference);
        failing.Tests[1].Status.ShouldBe(TestStatus.Error);
        failing.Tests[1].Message.ShouldBe("the program exited with status 1");
    }

    private const string CheckerExercise = """
        title: Any divisor
        entry: divisor
        statement: statement.md
        reference: reference.py
        checker: checker.py
        tests:
          - name: twelve
            call: divisor(12)
        """;

    [Fact]
    public async Task A_checker_accepts_any_valid_answer_and_its_message_explains_a_rejection()
    {
        const string Checker = "def check(input, expected, actual):\n    (n,) = input['args']\n    if type(actual) is int and 1 < actual < n and n % actual == 0:\n        return True\n    return False, f'{actual!r} does not divide {n}'\n";
        void WithChecker(TempExercise folder) => folder.Write("checker.py", Checker);
        var other = await GradeAsync(CheckerExercise, "def divisor(n):\n    return 6\n", "def divisor(n):\n    return 2\n", WithChecker);
        other.Verdict.ShouldBe(Verdict.Accepted, other.Message);
        var wrong = await GradeAsync(CheckerExercise, "def divisor(n):\n    return 5\n", "def divisor(n):\n    return 2\n", WithChecker);
        wrong.Tests[0].Status.ShouldBe(TestStatus.Failed);
        wrong.Tests[0].Message.ShouldBe("5 does not divide 12");
    }

    [Fact]
    public async Task A_checker_that_raises_is_an_internal_error_not_the_candidates_fault()
    {
        var report = await GradeAsync(CheckerExercise, "def divisor(n):\n    return 6\n", "def divisor(n):\n    return 2\n",
            folder => folder.Write("checker.py", "def check(input, expected, actual):\n    return {}['missing']\n"));
        report.Verdict.ShouldBe(Verdict.InternalError);
        report.Message.ShouldNotBeNull().ShouldContain("KeyError");
    }

    [Fact]
    public async Task A_checker_returning_something_else_than_a_verdict_is_an_internal_error()
    {
        var report = await GradeAsync(CheckerExercise, "def divisor(n):\n    return 6\n", "def divisor(n):\n    return 2\n",
            folder => folder.Write("checker.py", "def check(input, expected, actual):\n    return 1\n"));
        report.Verdict.ShouldBe(Verdict.InternalError);
        report.Message.ShouldNotBeNull().ShouldContain("must return True, False or a (bool, str) tuple");
    }
}
