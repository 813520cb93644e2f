using System.Text.Json;
using CodeGrader.Core.Execution;

namespace CodeGrader.Core.Tests.Execution;

public sealed class LiteralCallTests
{
    [Theory]
    [InlineData("f()", "f", "[]", null)]
    [InlineData("is_palindrome('racecar')", "is_palindrome", """["racecar"]""", null)]
    [InlineData(" f( [1, -2, 3.5], {'a': None, \"b\": [True, False]} , ) ", "f", """[[1,-2,3.5],{"a":null,"b":[true,false]}]""", null)]
    [InlineData("f(1., .5, 1e3, 00.25, -0.0, 1E-5)", "f", "[1.0,0.5,1.0e3,0.25,-0.0,1.0E-5]", null)]
    [InlineData("f('tab\\there', 'caf\\xe9', '\\u00e9\\U0001F600', '\\0\\177', \"it's\")", "f", """["tab\there","café","é\uD83D\uDE00","\u0000\u007F","it's"]""", null)]
    [InlineData("f(\n  [1,\n   2],\n  key = 'v')", "f", "[[1,2]]", """{"key":"v"}""")]
    [InlineData("len([1, 2])", "len", "[[1,2]]", null)]
    public void A_plain_call_with_literal_arguments_becomes_a_name_and_json_values(string call, string name, string args, string? kwargs)
    {
        var apply = LiteralCall.TryParse(call).ShouldNotBeNull();
        apply.Name.ShouldBe(name);
        apply.Args.GetRawText().ShouldBe(args);
        apply.Kwargs?.GetRawText().ShouldBe(kwargs);
        if (kwargs is null) apply.Kwargs.ShouldBeNull();
    }

    [Theory]
    [InlineData("f((1, 2))")] // a tuple would come back a list
    [InlineData("f({1, 2})")]
    [InlineData("f({1: 'a'})")]
    [InlineData("f({'a': 1, 'a': 2})")]
    [InlineData("f(b'x')")]
    [InlineData("f(r'\\d')")]
    [InlineData("f(u'x')")]
    [InlineData("f(f'{1}')")]
    [InlineData("f('''x''')")]
    [InlineData("f('a' 'b')")]
    [InlineData("f('\\N{BULLET}')")]
    [InlineData("f('\\d')")]
    [InlineData("f('\\ud800')")]
    [InlineData("f(x)")]
    [InlineData("f(inf)")]
    [InlineData("f(1 + 2)")]
    [InlineData("f(-x)")]
    [InlineData("f(--1)")]
    [InlineData("f(+1)")]
    [InlineData("f(0x10)")]
    [InlineData("f(1_000)")]
    [InlineData("f(007)")]
    [InlineData("f(1j)")]
    [InlineData("f(*[1])")]
    [InlineData("f(**{'a': 1})")]
    [InlineData("f(a=1, 2)")]
    [InlineData("f(a=1, a=2)")]
    [InlineData("f(1) # comment")]
    [InlineData("f(1)(2)")]
    [InlineData("f(1)[0]")]
    [InlineData("obj.method(1)")]
    [InlineData("lambda: 1")]
    [InlineData("None()")]
    [InlineData("fünf(1)")]
    [InlineData("f(1) if True else g(2)")]
    [InlineData("f('a\u0000b')")] // the compiler refuses a NUL in the source
    public void Anything_else_is_left_to_the_compiler(string call) =>
        LiteralCall.TryParse(call).ShouldBeNull();

    [Fact]
    public void Nesting_past_the_limit_and_ints_past_cpythons_digit_limit_are_left_to_the_compiler()
    {
        LiteralCall.TryParse($"f({new string('[', LiteralCall.MaxDepth)}{new string(']', LiteralCall.MaxDepth)})").ShouldNotBeNull();
        LiteralCall.TryParse($"f({new string('[', LiteralCall.MaxDepth + 1)}{new string(']', LiteralCall.MaxDepth + 1)})").ShouldBeNull();
        LiteralCall.TryParse($"f({new string('7', LiteralCall.MaxIntDigits)})").ShouldNotBeNull();
        LiteralCall.TryParse($"f({new string('7', LiteralCall.MaxIntDigits + 1)})").ShouldBeNull();
    }

    /// <summary>
    /// The worker's Python is the judge: each call, sent as its text and as a name with JSON values to the same
    /// submission, must give the same repr of what the function received (types included: an int stays an int, a
    /// float its exact double, a string its code points).
    /// </summary>
    [Fact]
    public async Task A_call_sent_as_json_values_gives_the_function_exactly_what_its_text_gives()
    {
        string[] calls =
        [
            "f()",
            "f('racecar', \"A man, a plan\", '', ' ')",
            "f('\\a\\b\\f\\n\\r\\t\\v\\\\\\'\\\"', '\\x00\\x7f\\xff', '\\u0000\\u00e9\\uffff', '\\U0001F600\\U0010FFFF', '\\0\\7\\12\\177\\377')",
            "f('😀 non-BMP as written', 'café', '<>&+')",
            "f(0, -0, 7, -7, 123456789012345678901234567890, -98765432109876543210)",
            "f(0.1, -0.0, 1., .5, 00.5, 1e-320, 1e308, 1e999, -1e999, 2.5E+10, 1.7976931348623157e308, 3.141592653589793)",
            "f([], {}, [[]], [{}], {'k': []})",
            "f([1, [2, [3, [4]]]], {'a': {'b': {'c': None}}}, [True, False, None])",
            "f({'z': 1, 'a': 2, 'm': 3}, {'': 0, '\\n': 1})",
            "f(1, 'two', key=[3], other={'x': -4.5})",
            "f(\n    [1,\n     2,],\n    k = 'v',\n)",
            $"f({new string('9', 4000)})",
        ];
        const string source = "def f(*args, **kwargs):\n    return repr((args, sorted(kwargs.items())))\n";
        await using var worker = await WorkerHarness.StartAsync();
        var load = await worker.LoadAsync(new LoadRequest(SubmissionSource.FromText("solution.py", source))).WaitAsync(WorkerHarness.Bound);
        load.Status.ShouldBe(RunStatus.Completed);
        foreach (var call in calls)
        {
            var asJson = TestRequest.ForTestCall(call);
            asJson.Apply.ShouldNotBeNull(call);
            var fromText = await worker.RunTestAsync(TestRequest.ForCall(call)).WaitAsync(WorkerHarness.Bound);
            var fromJson = await worker.RunTestAsync(asJson).WaitAsync(WorkerHarness.Bound);
            fromText.Status.ShouldBe(RunStatus.Completed, call);
            fromJson.Value.ShouldBe(fromText.Value, call);
        }
    }

    [Fact]
    public async Task A_name_the_submission_does_not_define_raises_the_same_name_error_as_the_calls_text()
    {
        await using var worker = await WorkerHarness.StartAsync();
        await worker.LoadAsync(new LoadRequest(SubmissionSource.FromText("solution.py", "def g():\n    return 1\n"))).WaitAsync(WorkerHarness.Bound);
        var fromText = await worker.RunTestAsync(TestRequest.ForCall("f([1])")).WaitAsync(WorkerHarness.Bound);
        var fromJson = await worker.RunTestAsync(TestRequest.ForTestCall("f([1])")).WaitAsync(WorkerHarness.Bound);
        fromJson.Status.ShouldBe(RunStatus.Raised);
        fromJson.Error!.Type.ShouldBe("NameError");
        fromJson.Error.Message.ShouldBe(fromText.Error!.Message);
        fromJson.Error.Traceback.ShouldBe(fromText.Error.Traceback);
    }

    [Fact]
    public async Task An_exception_in_the_function_has_the_same_traceback_either_way()
    {
        await using var worker = await WorkerHarness.StartAsync();
        await worker.LoadAsync(new LoadRequest(SubmissionSource.FromText("solution.py", "def f(xs):\n    return xs[10]\n"))).WaitAsync(WorkerHarness.Bound);
        var fromText = await worker.RunTestAsync(TestRequest.ForCall("f([1, 2])")).WaitAsync(WorkerHarness.Bound);
        var fromJson = await worker.RunTestAsync(TestRequest.ForTestCall("f([1, 2])")).WaitAsync(WorkerHarness.Bound);
        fromJson.Error!.Type.ShouldBe("IndexError");
        fromJson.Error.Traceback.Select(f => (f.File, f.Function, f.Line)).ShouldBe(fromText.Error!.Traceback.Select(f => (f.File, f.Function, f.Line)));
        fromJson.Error.Line.ShouldBe(2);
    }

    [Fact]
    public void A_test_with_take_keeps_its_text()
    {
        TestRequest.ForTestCall("f([1])").ToMessage(1).Call.ShouldBeNull();
        TestRequest.ForCall("f([1])", take: 3).ToMessage(1).Apply.ShouldBeNull();
        JsonSerializer.Serialize(TestRequest.ForTestCall("f([1])").ToMessage(7), CodeGrader.Protocol.ProtocolJson.Default.TestMessage)
            .ShouldBe("""{"id":7,"apply":{"name":"f","args":[[1]]}}""");
    }

    [Fact]
    public void A_call_read_after_one_given_up_half_way_or_a_big_one_holds_only_its_own_arguments()
    {
        // The JSON writers are kept from call to call on a thread: nothing of the calls before may show.
        LiteralCall.TryParse("f([1, {'k': [2, x]}], key=3)").ShouldBeNull();
        var big = LiteralCall.TryParse($"f('{new string('a', 200_000)}', k=[1])").ShouldNotBeNull();
        big.Args[0].GetString()!.Length.ShouldBe(200_000);

        var apply = LiteralCall.TryParse("g([3], 'x')").ShouldNotBeNull();
        var again = LiteralCall.TryParse("h(k=None)").ShouldNotBeNull();

        apply.Name.ShouldBe("g");
        apply.Args.GetRawText().ShouldBe("""[[3],"x"]""");
        apply.Kwargs.ShouldBeNull();
        again.Args.GetRawText().ShouldBe("[]");
        again.Kwargs!.Value.GetRawText().ShouldBe("""{"k":null}""");
        big.Kwargs!.Value.GetRawText().ShouldBe("""{"k":[1]}""", "the big call's own values, not overwritten by the calls after it");
    }
}
