using CodeGrader.Core.Execution;
using CodeGrader.Core.Grading;
using CodeGrader.Core.Values;

namespace CodeGrader.Core.Tests.Execution;

/// <summary>Answers over 64 KiB have their value read from its tokens in place (AnswerReader): they come back whole and exact.</summary>
public sealed class BigAnswerTests
{
    [Fact]
    public async Task Two_hundred_thousand_floats_and_ints_come_back_exactly()
    {
        var result = await WorkerHarness.CallAsync("def f(n):\n    return [i * 0.1 if i % 2 else i for i in range(n)]\n", "f(200000)");
        result.Status.ShouldBe(RunStatus.Completed);
        var items = result.Value.ShouldBeOfType<PySequence>().Items;
        items.Length.ShouldBe(200_000);
        var json = result.ValueJson.ShouldNotBeNull("a big answer keeps its value's JSON as the worker wrote it");
        System.Text.Encoding.UTF8.GetString(json.Span[..12]).ShouldBe("""{"t":"list",""");
        for (var i = 0; i < items.Length; i++)
        {
            if (i % 2 == 1) items[i].ShouldBe(new PyFloat(i * 0.1), $"item {i}");
            else items[i].ShouldBe(new PyInt(i), $"item {i}");
        }
    }

    [Fact]
    public async Task A_big_expected_value_kept_as_the_references_json_matches_an_equal_answer_byte_for_byte_and_nothing_else()
    {
        const string source = "def f(n, last):\n    return [i * 0.5 for i in range(n)] + [last]\n";
        var reference = await WorkerHarness.CallAsync(source, "f(30000, 1)");
        var expected = ExpectedValue.FromReference(reference.Value!, reference.ValueJson);
        expected.IsKeptAsJson.ShouldBeTrue();

        expected.SameJson((await WorkerHarness.CallAsync(source, "f(30000, 1)")).ValueJson).ShouldBeTrue();
        expected.SameJson((await WorkerHarness.CallAsync(source, "f(30000, 1.0)")).ValueJson).ShouldBeFalse("1.0 is not 1");
        expected.SameJson((await WorkerHarness.CallAsync(source, "f(30000, 2)")).ValueJson).ShouldBeFalse();
        expected.SameJson(null).ShouldBeFalse();
    }

    [Theory]
    [InlineData("[i * 0.5 if i % 3 else i for i in range(200000)]", true)]
    [InlineData("tuple(i * 0.5 if i % 3 else -i for i in range(20000))", true)]
    [InlineData("[i * 0.5 for i in range(4095)]", false)]
    [InlineData("[i for i in range(20000)]", false)]
    [InlineData("[0.5] * 20000 + [2 ** 53 + 1]", false)]
    [InlineData("[0.5] * 20000 + [float('inf')]", false)]
    public async Task A_long_run_of_numbers_with_floats_among_them_comes_back_exactly_as_its_doubles_bytes_or_as_text(string expression, bool asDoubles)
    {
        var source = $"def f():\n    return {expression}\n";
        var result = await WorkerHarness.CallAsync(source, "f()");
        var expected = await WorkerHarness.CallAsync($"def f():\n    return repr({expression})\n", "f()");
        var items = result.Value.ShouldBeOfType<PySequence>().Items;
        PythonLiteral.Format(result.Value, int.MaxValue).ShouldBe(expected.Value.ShouldBeOfType<PyStr>().Value, "every item, ints and floats, exactly as Python shows it");
        items.Length.ShouldBeGreaterThan(4000);
        // The JSON of an answer over 64 KiB is kept as the worker wrote it; a smaller one is read whole (and no double run is that small).
        var json = result.ValueJson is { } written ? System.Text.Encoding.UTF8.GetString(written.Span[..40]) : "";
        json.Contains("\"f64\"", StringComparison.Ordinal).ShouldBe(asDoubles, json);
    }

    [Theory]
    [InlineData("[0.5] * 99 + [float('nan')]", "nan")]
    [InlineData("[0.5] * 99 + [float('inf')]", "inf")]
    [InlineData("[1e308] * 99 + [1.5]", "1.5")]
    [InlineData("[1] * 99 + [2 ** 63]", "9223372036854775808")]
    [InlineData("[1] * 99 + [-2 ** 63]", "-9223372036854775808")]
    [InlineData("[1] * 99 + [True]", "True")]
    [InlineData("['a'] * 99 + ['é']", "'é'")]
    [InlineData("['a'] * 99 + [1]", "1")]
    [InlineData("[1] * 99 + [2.5]", "2.5")]
    [InlineData("tuple([3] * 99 + [None])", "None")]
    public async Task A_long_run_of_plain_items_comes_back_exactly_whatever_it_mixes(string expression, string last)
    {
        var result = await WorkerHarness.CallAsync($"def f():\n    return {expression}\n", "f()");
        var items = result.Value.ShouldBeOfType<PySequence>().Items;
        items.Length.ShouldBe(100);
        PythonLiteral.Format(items[^1]).ShouldBe(last);
        PythonLiteral.Format(items[0]).ShouldNotBe(last);
    }

    [Fact]
    public async Task A_run_of_strings_past_the_character_limit_is_too_large_as_item_by_item()
    {
        var result = await WorkerHarness.CallAsync("def f():\n    return ['x' * 1000] * 20000\n", "f()");
        result.Value.ShouldBeOfType<PyTooLarge>().Reason.ShouldContain("characters");
    }

    [Fact]
    public async Task A_long_string_and_a_big_nested_value_come_back_whole()
    {
        var text = await WorkerHarness.CallAsync("def f():\n    return 'ab' * 60000\n", "f()");
        text.Value.ShouldBe(new PyStr(string.Concat(Enumerable.Repeat("ab", 60000))));
        var small = await WorkerHarness.CallAsync("def f():\n    return 'ab'\n", "f()");
        small.ValueJson.ShouldBeNull("a small answer is read as a whole, as before");

        var nested = await WorkerHarness.CallAsync("def f():\n    return {str(i): (i, None, 'é') for i in range(20000)}\n", "f()");
        var pairs = nested.Value.ShouldBeOfType<PyDict>().Items;
        pairs.Length.ShouldBe(20_000);
        pairs[123].Key.ShouldBe(new PyStr("123"));
        var tuple = pairs[123].Value.ShouldBeOfType<PySequence>();
        tuple.Kind.ShouldBe(SequenceKind.Tuple);
        tuple.Items.ShouldBe([new PyInt(123), PyNone.Instance, new PyStr("é")]);
    }
}
