using CodeGrader.Core.Comparison;
using CodeGrader.Core.Diagnostics;
using CodeGrader.Core.Exercises;
using CodeGrader.Core.Tests.TestSupport;
using CodeGrader.Core.Values;

namespace CodeGrader.Core.Tests.Exercises;

/// <summary>Loading exercise.yaml: every field, and every problem reported at once at its YAML location.</summary>
public sealed class ExerciseLoaderTests
{
    private const string Header = "title: Add\nentry: add\nstatement: statement.md\nreference: reference.py\n";

    private static ExerciseLoadResult Load(string yaml, string? reference = TempExercise.DefaultReference)
    {
        using var folder = new TempExercise(yaml, reference);
        return ExerciseLoader.Load(folder.Directory);
    }

    private static Diagnostic Single(ExerciseLoadResult result, DiagnosticDescriptor descriptor)
    {
        result.Succeeded.ShouldBeFalse();
        return result.Diagnostics.Where(d => d.Descriptor == descriptor).ShouldHaveSingleItem(string.Join("\n", result.Diagnostics));
    }

    [Fact]
    public void A_valid_exercise_loads_with_every_field()
    {
        var result = Load(Header + """
            kind: function
            limits: { time: 500ms, memory: 64MiB, output: 8KiB }
            tolerance: { rel: 1.0e-6 }
            unordered: true
            restrictions: { forbid_imports: [os.path], forbid_names: [sorted], max_source_bytes: 1000 }
            x-note: ignored
            tests:
              - name: small
                sample: true
                weight: 2.5
                call: add(1, 2)
                expect: 3
              - name: tuple
                call: add((1,), (2,))
                expect_py: "(1, 2)"
                unordered: false
              - name: raises
                call: add(None, 1)
                raises: TypeError
              - name: computed
                call: add(2, 2)
                take: 3
            """);
        var exercise = result.Exercise.ShouldNotBeNull(string.Join("\n", result.Diagnostics));
        exercise.Title.ShouldBe("Add");
        exercise.Kind.ShouldBe(ExerciseKind.Function);
        exercise.Entry.ShouldBe("add");
        exercise.Limits.ShouldBe(new ExerciseLimits(TimeSpan.FromMilliseconds(500), 64L * 1024 * 1024, 8 * 1024));
        exercise.Comparison.Tolerance.ShouldBe(new Tolerance(1e-6, 0));
        exercise.Restrictions.ForbidImports.ShouldBe(["os.path"]);
        exercise.Restrictions.ForbidNames.ShouldBe(["sorted"]);
        exercise.Restrictions.MaxSourceBytes.ShouldBe(1000);
        exercise.Tests.Length.ShouldBe(4);
        exercise.Tests[0].Sample.ShouldBeTrue();
        exercise.Tests[0].Weight.ShouldBe(2.5);
        exercise.Tests[0].Expectation.ShouldBeOfType<ExpectValue>().Value.ShouldBe(new PyInt(3));
        exercise.Tests[0].Comparison.Unordered.ShouldBeTrue();
        exercise.Tests[1].Expectation.ShouldBeOfType<ExpectLiteral>().Literal.ShouldBe("(1, 2)");
        exercise.Tests[1].Comparison.Unordered.ShouldBeFalse();
        exercise.Tests[2].Expectation.ShouldBeOfType<ExpectRaises>().ExceptionType.ShouldBe("TypeError");
        exercise.Tests[3].Expectation.ShouldBeOfType<ExpectFromReference>();
        exercise.Tests[3].Take.ShouldBe(3);
        exercise.Tests[1].Hidden.ShouldBeTrue();
    }

    [Fact]
    public void Malformed_yaml_is_one_diagnostic_at_the_place_the_parser_stopped()
    {
        var result = Load(Header + "tests:\n  - name: a\n    call: [add(1, 2)\n");
        var diagnostic = Single(result, ExerciseDiagnostics.InvalidYaml);
        diagnostic.Id.ShouldBe("CG2001");
        diagnostic.Location.Path.ShouldEndWith("exercise.yaml");
        diagnostic.Location.Span.Start.Line.ShouldBeGreaterThanOrEqualTo(6);
    }

    [Fact]
    public void An_unknown_key_suggests_the_key_that_was_meant_at_its_line_and_column()
    {
        var result = Load("title: Add\nentyr: add\nstatement: statement.md\nreference: reference.py\ntests:\n  - name: a\n    call: add(1, 2)\n");
        var diagnostic = Single(result, ExerciseDiagnostics.UnknownKey);
        diagnostic.Message.ShouldContain("did you mean 'entry'?");
        diagnostic.ToString().ShouldEndWith("exercise.yaml(2,1): error CG2002: unknown key 'entyr' in exercise.yaml (did you mean 'entry'?)");
    }

    [Fact]
    public void An_unknown_key_in_a_test_suggests_the_test_key()
    {
        var result = Load(Header + "tests:\n  - name: a\n    call: add(1, 2)\n    expcet: 3\n");
        var diagnostic = Single(result, ExerciseDiagnostics.UnknownKey);
        diagnostic.Message.ShouldContain("did you mean 'expect'?");
        diagnostic.Location.Span.Start.ShouldBe(new LinePosition(7, 4));
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var result = Load("""
            title: ""
            kind: fuction
            entry: add
            statement: statement.md
            reference: missing.py
            limits: { time: 2, memory: 128MB }
            tests:
              - name: a
                call: add(1, 2)
                expect: 3
                raises: TypeError
              - name: a
                call: add(1, 2)
            """);
        result.Succeeded.ShouldBeFalse();
        var ids = result.Diagnostics.Select(d => d.Id).ToList();
        ids.ShouldContain("CG2009"); // empty title
        ids.ShouldContain("CG2007"); // kind
        ids.ShouldContain("CG2005"); // missing reference
        ids.Count(i => i == "CG2006").ShouldBe(2); // both limits
        ids.ShouldContain("CG2011"); // expect and raises
        ids.ShouldContain("CG2010"); // duplicate name
        result.Diagnostics.Single(d => d.Id == "CG2007").Message.ShouldContain("did you mean 'function'?");
    }

    [Fact]
    public void A_missing_reference_file_is_reported_at_the_reference_key()
    {
        var result = Load(Header.Replace("reference.py", "referense.py", StringComparison.Ordinal) + "tests:\n  - name: a\n    call: add(1, 2)\n");
        var diagnostic = Single(result, ExerciseDiagnostics.MissingFile);
        diagnostic.Message.ShouldContain("'referense.py' does not exist");
        diagnostic.Message.ShouldContain("did you mean 'reference.py'?");
        diagnostic.Location.Span.Start.ShouldBe(new LinePosition(3, 11));
    }

    [Fact]
    public void A_required_key_left_out_is_reported()
    {
        var result = Load("title: Add\nentry: add\nstatement: statement.md\ntests:\n  - name: a\n    call: add(1, 2)\n");
        Single(result, ExerciseDiagnostics.MissingKey).Message.ShouldContain("'reference'");
    }

    [Fact]
    public void Duplicate_test_names_point_at_the_second_and_name_the_first_line()
    {
        var result = Load(Header + "tests:\n  - name: same\n    call: add(1, 2)\n  - name: same\n    call: add(2, 2)\n");
        var diagnostic = Single(result, ExerciseDiagnostics.DuplicateTestName);
        diagnostic.Location.Span.Start.Line.ShouldBe(7);
        diagnostic.Message.ShouldContain("line 6");
    }

    [Theory]
    [InlineData("time: 2", "needs a unit")]
    [InlineData("time: 2 s", "not a duration")]
    [InlineData("time: 0s", "must be positive")]
    [InlineData("memory: 128MB", "not a size")]
    [InlineData("memory: 1.5GiB", "not a size")]
    [InlineData("output: 0KiB", "must be positive")]
    [InlineData("speed: 2s", "unknown key 'speed'")]
    public void Bad_limits_are_reported_with_the_expected_format(string limit, string message)
    {
        var result = Load(Header + $"limits: {{ {limit} }}\ntests:\n  - name: a\n    call: add(1, 2)\n");
        result.Succeeded.ShouldBeFalse();
        result.Diagnostics.ShouldContain(d => d.Message.Contains(message, StringComparison.Ordinal), string.Join("\n", result.Diagnostics));
    }

    [Fact]
    public void Expect_together_with_raises_is_an_error()
    {
        var result = Load(Header + "tests:\n  - name: a\n    call: add(1, 2)\n    expect: 3\n    raises: TypeError\n");
        Single(result, ExerciseDiagnostics.ConflictingExpectations).Location.Span.Start.Line.ShouldBe(8);
    }

    [Fact]
    public void A_key_of_another_kind_of_test_is_named_as_such()
    {
        var result = Load(Header + "tests:\n  - name: a\n    call: add(1, 2)\n    stdin: '1 2'\n");
        Single(result, ExerciseDiagnostics.KeyNotForKind).Message.ShouldContain("'stdin' does not belong in test 'a' of a function exercise");
    }

    [Fact]
    public void A_program_exercise_takes_stdin_and_stdout_and_no_entry()
    {
        var result = Load("title: Sum\nkind: program\nstatement: statement.md\nreference: reference.py\ncompare: whitespace\ntests:\n  - name: a\n    stdin: \"1 2\\n\"\n    stdout: \"3\\n\"\n  - name: b\n    stdin: \"\"\n    compare: exact\n",
            "print(sum(map(int, input().split())))\n");
        var exercise = result.Exercise.ShouldNotBeNull(string.Join("\n", result.Diagnostics));
        exercise.Entry.ShouldBeNull();
        exercise.Tests[0].Stdin.ShouldBe("1 2\n");
        exercise.Tests[0].Expectation.ShouldBeOfType<ExpectOutput>().Text.ShouldBe("3\n");
        exercise.Tests[0].Comparison.Output.ShouldBe(OutputComparison.Whitespace);
        exercise.Tests[1].Comparison.Output.ShouldBe(OutputComparison.Exact);
        exercise.Tests[1].Expectation.ShouldBeOfType<ExpectFromReference>();
    }

    [Fact]
    public void A_program_exercise_with_an_entry_or_a_tolerance_is_rejected()
    {
        var result = Load("title: Sum\nkind: program\nentry: main\ntolerance: 0.1\nstatement: statement.md\nreference: reference.py\ntests:\n  - name: a\n    stdin: x\n");
        result.Diagnostics.Count(d => d.Descriptor == ExerciseDiagnostics.KeyNotForKind).ShouldBe(2);
    }

    [Fact]
    public void Class_steps_are_read_in_order_and_a_step_after_raises_is_rejected()
    {
        var yaml = "title: Stack\nkind: class\nentry: Stack\nstatement: statement.md\nreference: reference.py\ntests:\n" +
                   "  - name: pop empty\n    steps:\n      - do: s = Stack()\n      - call: s.pop()\n        raises: IndexError\n      - call: len(s)\n        expect: 0\n";
        var result = Load(yaml, "class Stack:\n    pass\n");
        var diagnostic = Single(result, ExerciseDiagnostics.StepAfterRaises);
        diagnostic.Location.Span.Start.Line.ShouldBe(11);
        diagnostic.Message.ShouldContain("catch the exception in a 'do' step");
    }

    [Fact]
    public void A_step_needs_exactly_one_of_do_and_call_and_a_do_step_expects_nothing()
    {
        var yaml = "title: Stack\nkind: class\nentry: Stack\nstatement: statement.md\nreference: reference.py\ntests:\n" +
                   "  - name: t\n    steps:\n      - do: s = Stack()\n        expect: 1\n      - expect: 2\n";
        var result = Load(yaml, "class Stack:\n    pass\n");
        result.Diagnostics.Count(d => d.Descriptor == ExerciseDiagnostics.InvalidStep).ShouldBe(2);
    }

    [Fact]
    public void An_expect_mapping_with_a_non_string_key_points_to_expect_py()
    {
        var result = Load(Header + "tests:\n  - name: a\n    call: add(1, 2)\n    expect: {1: one}\n");
        Single(result, ExerciseDiagnostics.NonStringKey).Message.ShouldContain("expect_py");
    }

    [Fact]
    public void Take_with_an_expect_that_is_not_a_list_is_rejected()
    {
        var result = Load(Header + "tests:\n  - name: a\n    call: add(1, 2)\n    take: 2\n    expect: 3\n");
        Single(result, ExerciseDiagnostics.WrongType).Message.ShouldContain("has take");
    }

    [Fact]
    public void KeyboardInterrupt_cannot_be_expected()
    {
        var result = Load(Header + "tests:\n  - name: a\n    call: add(1, 2)\n    raises: KeyboardInterrupt\n");
        Single(result, ExerciseDiagnostics.InvalidChoice).Message.ShouldContain("KeyboardInterrupt");
    }

    [Theory]
    [InlineData("../reference.py")]
    [InlineData("/etc/passwd")]
    public void A_path_that_leaves_the_folder_is_rejected(string path)
    {
        var result = Load(Header.Replace("reference: reference.py", $"reference: {path}", StringComparison.Ordinal) + "tests:\n  - name: a\n    call: add(1, 2)\n");
        Single(result, ExerciseDiagnostics.PathOutsideFolder);
    }

    [Fact]
    public void A_missing_folder_is_one_diagnostic()
    {
        var result = ExerciseLoader.Load(Path.Combine(Path.GetTempPath(), "no-such-exercise-" + Guid.NewGuid()));
        result.Diagnostics.ShouldHaveSingleItem().Descriptor.ShouldBe(ExerciseDiagnostics.ExerciseFileMissing);
    }

    [Fact]
    public void A_negative_tolerance_and_a_bad_weight_are_rejected()
    {
        var result = Load(Header + "tolerance: -0.1\ntests:\n  - name: a\n    call: add(1, 2)\n    weight: 0\n");
        result.Diagnostics.ShouldContain(d => d.Descriptor == ExerciseDiagnostics.InvalidTolerance);
        result.Diagnostics.ShouldContain(d => d.Descriptor == ExerciseDiagnostics.NotPositive);
    }

    [Fact]
    public void Tolerance_as_a_number_sets_both_rel_and_abs_and_a_mapping_defaults_like_isclose()
    {
        var number = Load(Header + "tolerance: 0.5\ntests:\n  - name: a\n    call: add(1, 2)\n    tolerance: { abs: 0.25 }\n");
        var exercise = number.Exercise.ShouldNotBeNull(string.Join("\n", number.Diagnostics));
        exercise.Comparison.Tolerance.ShouldBe(new Tolerance(0.5, 0.5));
        exercise.Tests[0].Comparison.Tolerance.ShouldBe(new Tolerance(1e-9, 0.25));
    }

    [Fact]
    public void A_checker_with_a_tolerance_is_a_warning_not_an_error()
    {
        using var folder = new TempExercise(Header + "checker: checker.py\ntolerance: 0.1\ntests:\n  - name: a\n    call: add(1, 2)\n");
        folder.Write("checker.py", "def check(input, expected, actual):\n    return True\n");
        var result = ExerciseLoader.Load(folder.Directory);
        result.Succeeded.ShouldBeTrue();
        result.Diagnostics.ShouldHaveSingleItem().Severity.ShouldBe(DiagnosticSeverity.Warning);
    }

    [Fact]
    public void The_shipped_palindrome_exercise_loads()
    {
        var exercise = Graders.Load(Repository.Exercise("palindrome"));
        exercise.Entry.ShouldBe("is_palindrome");
        exercise.Tests.ShouldContain(t => t.Name == "rejects None" && t.Expectation is ExpectRaises);
        exercise.Tests.ShouldContain(t => t.Expectation is ExpectFromReference);
        exercise.Restrictions.MaxSourceBytes.ShouldBe(20000);
    }

    [Fact]
    public void Types_is_read_at_exercise_level_and_per_test()
    {
        var result = Load(Header + "types: exact\ntests:\n  - name: a\n    call: add(1, 2)\n  - name: b\n    call: add(1, 2)\n    types: base\n");
        var exercise = result.Exercise.ShouldNotBeNull(string.Join("\n", result.Diagnostics));
        exercise.Comparison.ExactTypes.ShouldBeTrue();
        exercise.Tests.Select(t => t.Comparison.ExactTypes).ShouldBe([true, false]);
        Load(Header + "tests:\n  - name: a\n    call: add(1, 2)\n").Exercise.ShouldNotBeNull().Comparison.ExactTypes.ShouldBeFalse();
    }

    [Fact]
    public void An_unknown_types_value_is_reported_with_the_choices() =>
        Single(Load(Header + "types: strict\ntests:\n  - name: a\n    call: add(1, 2)\n"), ExerciseDiagnostics.InvalidChoice)
            .Message.ShouldStartWith("types must be 'base' (a subclass of a built-in type compares as its base value) or 'exact', not 'strict'");

    [Fact]
    public void Limits_set_the_total_budget_and_raise_the_value_limits()
    {
        var result = Load(Header + "limits: { time: 1s, total: 30s, values: 2000000, value_chars: 32MiB }\ntests:\n  - name: a\n    call: add(1, 2)\n");
        var limits = result.Exercise.ShouldNotBeNull(string.Join("\n", result.Diagnostics)).Limits;
        limits.Total.ShouldBe(TimeSpan.FromSeconds(30));
        limits.MaxValues.ShouldBe(2_000_000);
        limits.MaxValueChars.ShouldBe(32 * 1024 * 1024);
        limits.ToResourceLimits().MaxValues.ShouldBe(2_000_000);
    }

    [Theory]
    [InlineData("values: 3000000", "limits.values 3000000 is over the maximum, 2000000")]
    [InlineData("value_chars: 64MiB", "limits.value_chars 64MiB is over the maximum, 32MiB")]
    [InlineData("total: 20", "limits.total needs a unit: '20' is a bare number (e.g. 20s)")]
    public void Limits_over_their_maximums_are_reported(string limit, string message) =>
        Single(Load(Header + $"limits: {{ {limit} }}\ntests:\n  - name: a\n    call: add(1, 2)\n"), ExerciseDiagnostics.InvalidLimit)
            .Message.ShouldStartWith(message);
}
