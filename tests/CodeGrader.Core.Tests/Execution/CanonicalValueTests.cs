using System.Numerics;
using CodeGrader.Core.Execution;
using CodeGrader.Core.Values;

namespace CodeGrader.Core.Tests.Execution;

/// <summary>What the worker sends back for every supported type, and for values built to lie.</summary>
public sealed class CanonicalValueTests
{
    private const string Identity = "def echo(x):\n    return x\n";

    private static async Task<PyValue> ValueOf(string expression, string source = Identity, WorkerOptions? options = null)
    {
        var result = await WorkerHarness.CallAsync(source, expression, options);
        result.Status.ShouldBe(RunStatus.Completed, result.Error?.ToString() ?? result.Message);
        return result.Value!;
    }

    [Theory]
    [InlineData("echo(None)", "None")]
    [InlineData("echo(True)", "True")]
    [InlineData("echo(-7)", "-7")]
    [InlineData("echo(2 ** 64)", "18446744073709551616")]
    [InlineData("echo(-(2 ** 200))", "-1606938044258990275541962092341162602522202993782792835301376")]
    [InlineData("echo(0.1)", "0.1")]
    [InlineData("echo(1e16)", "1e+16")]
    [InlineData("echo(1.5e-7)", "1.5e-07")]
    [InlineData("echo(float('nan'))", "nan")]
    [InlineData("echo(float('-inf'))", "-inf")]
    [InlineData("echo(-0.0)", "-0.0")]
    [InlineData("echo(complex(1, -2))", "(1-2j)")]
    [InlineData("echo('héllo\\n\"x\"')", "'héllo\\n\"x\"'")]
    [InlineData("echo(b'\\x00ab')", "b'\\x00ab'")]
    [InlineData("echo(bytearray(b'xy'))", "bytearray(b'xy')")]
    [InlineData("echo([1, 'a', None])", "[1, 'a', None]")]
    [InlineData("echo((1,))", "(1,)")]
    [InlineData("echo({(1, 2): [None], 3: {'k': 1.5}})", "{(1, 2): [None], 3: {'k': 1.5}}")]
    [InlineData("echo(frozenset())", "frozenset()")]
    public async Task Every_supported_type_comes_back_as_python_would_print_it(string call, string repr) =>
        PythonLiteral.Format(await ValueOf(call)).ShouldBe(repr);

    [Fact]
    public async Task Sets_come_back_with_every_element()
    {
        var value = (PySet)await ValueOf("echo({3, 1, 2})");
        value.Items.Cast<PyInt>().Select(i => (int)i.Value).Order().ShouldBe([1, 2, 3]);
    }

    [Fact]
    public async Task A_huge_integer_comes_back_exactly_despite_pythons_digit_limit()
    {
        var value = (PyInt)await ValueOf("echo(10 ** 100_000)");
        value.Value.ShouldBe(BigInteger.Pow(10, 100_000));
    }

    [Fact]
    public async Task A_lone_surrogate_survives_the_trip()
    {
        var value = (PyStr)await ValueOf("echo('a\\ud800b')");
        value.Value.ShouldBe("a\ud800b");
    }

    [Fact]
    public async Task An_object_whose_eq_always_says_yes_is_opaque_and_never_consulted()
    {
        const string source = "class Yes:\n    def __eq__(self, other):\n        return True\n    __hash__ = None\ndef f():\n    return Yes()\n";
        var value = await ValueOf("f()", source);
        value.ShouldBe(new PyOpaque("solution.Yes", false));
    }

    [Fact]
    public async Task An_int_subclass_that_lies_about_equality_and_repr_is_reduced_to_its_real_value()
    {
        const string source =
            "class Liar(int):\n    def __eq__(self, other):\n        return True\n    def __repr__(self):\n        raise RuntimeError\n" +
            "    def __int__(self):\n        return 999\n    __hash__ = int.__hash__\ndef f():\n    return Liar(5)\n";
        var value = await ValueOf("f()", source);
        value.ShouldBe(new PyInt(5) { Subclass = "solution.Liar" });
    }

    [Fact]
    public async Task A_str_subclass_that_overrides_iteration_and_str_keeps_its_real_text()
    {
        const string source = "class S(str):\n    def __str__(self):\n        return 'forged'\n    def __iter__(self):\n        return iter('forged')\ndef f():\n    return S('real')\n";
        (await ValueOf("f()", source)).ShouldBe(new PyStr("real") { Subclass = "solution.S" });
    }

    [Fact]
    public async Task A_list_subclass_that_lies_about_its_items_is_read_from_its_real_storage()
    {
        const string source = "class L(list):\n    def __iter__(self):\n        return iter([1, 2, 3])\n    def __len__(self):\n        return 3\ndef f():\n    return L([9])\n";
        PythonLiteral.Format(await ValueOf("f()", source)).ShouldBe("solution.L([9])");
    }

    [Fact]
    public async Task A_list_that_contains_itself_is_marked_as_a_cycle()
    {
        var value = (PySequence)await ValueOf("(lambda l: (l.append(l), l)[1])([1])");
        value.Items[1].ShouldBeOfType<PyCycle>();
    }

    [Fact]
    public async Task A_ten_million_element_list_is_reported_as_too_large_not_sent()
    {
        // Ten seconds, not the harness's two: building the list faults ~300 MB in, over 2 s on a loaded machine whose
        // page faults are dear.
        var value = await ValueOf("list(range(10 ** 7))", options: WorkerHarness.Options(timePerTest: TimeSpan.FromSeconds(10)));
        value.ShouldBeOfType<PyTooLarge>().Reason.ShouldContain("values");
    }

    [Fact]
    public async Task A_generator_is_not_consumed_unless_the_test_says_how_many_items_to_take()
    {
        const string source = "import itertools\ndef naturals():\n    yield from itertools.count()\n";
        (await ValueOf("naturals()", source)).ShouldBe(new PyOpaque("generator", true));
        var taken = await WorkerHarness.CallAsync(source, "naturals()", take: 4);
        PythonLiteral.Format(taken.Value!).ShouldBe("[0, 1, 2, 3]");
        taken.MoreItems.ShouldBeTrue();
    }

    [Fact]
    public async Task Deeply_nested_values_are_cut_off_rather_than_crashing()
    {
        var value = await ValueOf("(lambda: [__import__('functools').reduce(lambda acc, _: [acc], range(5000), [])])()[0]");
        value.ShouldBeOfType<PyTooLarge>().Reason.ShouldContain("deeper");
    }
}
