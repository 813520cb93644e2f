using CodeGrader.Core.Exercises;
using CodeGrader.Core.Grading;
using CodeGrader.Core.Tests.TestSupport;
using CodeGrader.Core.Values;
using CodeGrader.Core.Results;

namespace CodeGrader.Core.Tests.Grading;

/// <summary>Preparing an exercise with Python: compile checks, expect_py literals, values computed by the reference, and their problems.</summary>
public sealed class ExercisePreparerTests
{
    private const string Header = "title: Add\nentry: add\nstatement: statement.md\nreference: reference.py\n";

    private static async Task<ExercisePreparation> PrepareAsync(string yaml, string reference = TempExercise.DefaultReference)
    {
        using var folder = new TempExercise(yaml, reference);
        var exercise = Graders.Load(folder.Directory);
        return await ExercisePreparer.PrepareUncachedAsync(exercise, Graders.Options, CancellationToken.None);
    }

    [Fact]
    public async Task Expected_values_come_from_yaml_python_literals_and_the_reference()
    {
        var preparation = await PrepareAsync(Header + """
            tests:
              - name: yaml
                call: add(1, 2)
                expect: 3
              - name: literal
                call: add((1,), (2,))
                expect_py: "(1, 2)"
              - name: computed
                call: add([1], [None])
              - name: raises
                call: add(None, 1)
                raises: TypeError
            """);
        var expected = preparation.Exercise.ShouldNotBeNull(string.Join("\n", preparation.Diagnostics)).Expected;
        expected.For(0).ShouldBe(new ExpectedValue(new PyInt(3), ExpectationSource.Yaml));
        PythonLiteral.Format(expected.For(1).ShouldBeOfType<ExpectedValue>().Value).ShouldBe("(1, 2)");
        var computed = expected.For(2).ShouldBeOfType<ExpectedValue>();
        computed.Source.ShouldBe(ExpectationSource.Reference);
        PythonLiteral.Format(computed.Value).ShouldBe("[1, None]");
        expected.For(3).ShouldBe(new ExpectedException("TypeError"));
    }

    [Fact]
    public async Task A_call_naming_another_function_than_the_entry_is_reported_with_a_suggestion()
    {
        var preparation = await PrepareAsync(Header + "tests:\n  - name: typo\n    call: ad(1, 2)\n    expect: 3\n");
        preparation.Succeeded.ShouldBeFalse();
        var diagnostic = preparation.Diagnostics.ShouldHaveSingleItem();
        diagnostic.Descriptor.ShouldBe(ExerciseDiagnostics.UnknownFunction);
        diagnostic.Message.ShouldContain("names 'ad'");
        diagnostic.Message.ShouldContain("did you mean 'add'?");
        diagnostic.Location.Span.Start.Line.ShouldBe(6);
    }

    [Fact]
    public async Task A_call_may_wrap_the_entry_in_builtins_and_helpers_the_reference_defines()
    {
        var preparation = await PrepareAsync(Header + "tests:\n  - name: wrapped\n    call: sorted([add(2, 1), HELPER])\n",
            TempExercise.DefaultReference + "HELPER = 0\n");
        preparation.Succeeded.ShouldBeTrue(string.Join("\n", preparation.Diagnostics));
    }

    [Fact]
    public async Task A_call_that_does_not_compile_is_reported_at_the_call()
    {
        var preparation = await PrepareAsync(Header + "tests:\n  - name: broken\n    call: add(1,, 2)\n    expect: 3\n");
        var diagnostic = preparation.Diagnostics.ShouldHaveSingleItem();
        diagnostic.Descriptor.ShouldBe(ExerciseDiagnostics.CodeDoesNotCompile);
        diagnostic.Message.ShouldContain("does not compile");
        // At the second comma, where Python's parser stops, not just at the start of the call.
        diagnostic.ToString().ShouldContain("exercise.yaml(7,17): error CG2101");
    }

    [Fact]
    public async Task A_call_with_a_nul_in_it_does_not_compile_though_it_is_otherwise_a_plain_literal_call()
    {
        var preparation = await PrepareAsync(Header + "tests:\n  - name: plain\n    call: add(1, 2)\n  - name: nul\n    call: \"add('a\\0b', 'c')\"\n");
        var diagnostic = preparation.Diagnostics.ShouldHaveSingleItem();
        diagnostic.Descriptor.ShouldBe(ExerciseDiagnostics.CodeDoesNotCompile);
        diagnostic.Message.ShouldContain("null bytes");
    }

    [Fact]
    public async Task A_quoted_call_that_does_not_compile_is_reported_where_python_stops_inside_it()
    {
        var preparation = await PrepareAsync(Header + "tests:\n  - name: broken\n    call: \"add(1, 2\"\n    expect: 3\n");
        var diagnostic = preparation.Diagnostics.ShouldHaveSingleItem();
        diagnostic.Message.ShouldContain("'(' was never closed");
        diagnostic.ToString().ShouldContain("exercise.yaml(7,15): error CG2101");
    }

    [Fact]
    public async Task A_call_of_a_name_the_reference_does_not_define_is_found_by_python_s_parser()
    {
        var preparation = await PrepareAsync(Header + "tests:\n  - name: a\n    call: \"ad (1, 2)\"\n    expect: 3\n");
        var diagnostic = preparation.Diagnostics.ShouldHaveSingleItem();
        diagnostic.Descriptor.ShouldBe(ExerciseDiagnostics.UnknownFunction);
        diagnostic.Message.ShouldContain("names 'ad'");
        diagnostic.Location.Span.Start.Line.ShouldBe(6);
    }

    [Fact]
    public async Task An_expect_py_literal_is_the_value_python_reads()
    {
        var preparation = await PrepareAsync(Header + "tests:\n  - name: big\n    call: add(2**70, 1)\n    expect_py: \"1180591620717411303425\"\n"
            + "  - name: wrong\n    call: add(1, 2)\n    expect_py: \"(3,)\"\n");
        var expected = preparation.Exercise.ShouldNotBeNull(string.Join("\n", preparation.Diagnostics)).Expected;
        expected.For(0).ShouldBe(new ExpectedValue(new PyInt(System.Numerics.BigInteger.Pow(2, 70) + 1), ExpectationSource.PythonLiteral));
        PythonLiteral.Format(expected.For(1).ShouldBeOfType<ExpectedValue>().Value).ShouldBe("(3,)");
    }

    [Fact]
    public async Task An_expect_py_that_is_not_a_literal_is_reported()
    {
        var preparation = await PrepareAsync(Header + "tests:\n  - name: a\n    call: add(1, 2)\n    expect_py: \"len([1, 2, 3])\"\n");
        var diagnostic = preparation.Diagnostics.ShouldHaveSingleItem();
        diagnostic.Descriptor.ShouldBe(ExerciseDiagnostics.InvalidLiteral);
        diagnostic.Location.Span.Start.Line.ShouldBe(7);
    }

    [Fact]
    public async Task A_reference_that_raises_where_a_value_is_computed_makes_the_exercise_invalid()
    {
        var preparation = await PrepareAsync(Header + "tests:\n  - name: bad\n    call: add(None, 1)\n");
        var diagnostic = preparation.Diagnostics.ShouldHaveSingleItem();
        diagnostic.Descriptor.ShouldBe(ExerciseDiagnostics.ReferenceFailed);
        diagnostic.Message.ShouldContain("raised TypeError");
        diagnostic.Message.ShouldContain("write 'raises'");
    }

    [Fact]
    public async Task A_reference_without_the_entry_does_not_load()
    {
        var preparation = await PrepareAsync(Header + "tests:\n  - name: a\n    call: add(1, 2)\n    expect: 3\n", "def plus(a, b):\n    return a + b\n");
        var diagnostic = preparation.Diagnostics.ShouldHaveSingleItem();
        diagnostic.Descriptor.ShouldBe(ExerciseDiagnostics.ReferenceDoesNotLoad);
        diagnostic.Message.ShouldContain("does not define 'add'");
    }

    [Fact]
    public async Task A_generator_without_take_has_no_comparable_value()
    {
        var preparation = await PrepareAsync("title: Count\nentry: count\nstatement: statement.md\nreference: reference.py\ntests:\n  - name: a\n    call: count(3)\n",
            "def count(n):\n    yield from range(n)\n");
        preparation.Diagnostics.ShouldHaveSingleItem().Message.ShouldContain("add take: N");
    }

    [Fact]
    public async Task Take_computes_the_list_of_the_first_items()
    {
        var preparation = await PrepareAsync("title: Count\nentry: count\nstatement: statement.md\nreference: reference.py\ntests:\n  - name: a\n    call: count()\n    take: 3\n",
            "import itertools\ndef count():\n    return itertools.count()\n");
        var expected = preparation.Exercise.ShouldNotBeNull(string.Join("\n", preparation.Diagnostics)).Expected.For(0).ShouldBeOfType<ExpectedValue>();
        PythonLiteral.Format(expected.Value).ShouldBe("[0, 1, 2]");
    }

    [Fact]
    public async Task Class_steps_get_their_values_from_the_reference_step_by_step()
    {
        var preparation = await PrepareAsync(
            "title: Counter\nkind: class\nentry: Counter\nstatement: statement.md\nreference: reference.py\ntests:\n  - name: t\n    steps:\n      - do: c = Counter()\n      - call: c.up()\n      - call: c.up()\n      - call: c.up()\n        expect: 3\n",
            "class Counter:\n    def __init__(self):\n        self.n = 0\n    def up(self):\n        self.n += 1\n        return self.n\n");
        var expected = preparation.Exercise.ShouldNotBeNull(string.Join("\n", preparation.Diagnostics)).Expected;
        expected.For(0, 1).ShouldBe(new ExpectedValue(new PyInt(1), ExpectationSource.Reference));
        expected.For(0, 2).ShouldBe(new ExpectedValue(new PyInt(2), ExpectationSource.Reference));
        expected.For(0, 3).ShouldBe(new ExpectedValue(new PyInt(3), ExpectationSource.Yaml));
    }

    [Fact]
    public async Task Program_output_is_computed_from_the_reference()
    {
        var preparation = await PrepareAsync("title: Sum\nkind: program\nstatement: statement.md\nreference: reference.py\ntests:\n  - name: a\n    stdin: \"1 2\\n\"\n",
            "print(sum(map(int, input().split())))\n");
        preparation.Exercise.ShouldNotBeNull(string.Join("\n", preparation.Diagnostics)).Expected.For(0)
            .ShouldBe(new ExpectedOutput("3\n", ExpectationSource.Reference));
    }

    [Fact]
    public async Task The_same_exercise_is_prepared_once_per_cache()
    {
        using var folder = new TempExercise(Header + "tests:\n  - name: a\n    call: add(1, 2)\n");
        var exercise = Graders.Load(folder.Directory);
        var options = Graders.Options with { Cache = new ExpectedValueCache() };
        var first = await ExercisePreparer.PrepareAsync(exercise, options);
        var second = await ExercisePreparer.PrepareAsync(Graders.Load(folder.Directory), options);
        second.ShouldBeSameAs(first);
        options.Cache.Count.ShouldBe(1);
    }
}
