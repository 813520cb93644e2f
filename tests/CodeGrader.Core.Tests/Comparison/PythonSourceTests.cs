using CodeGrader.Core.Values;

namespace CodeGrader.Core.Tests.Comparison;

/// <summary>Values written as Python source for the trusted checker: everything escaped, nothing that is not plain.</summary>
public sealed class PythonSourceTests
{
    [Fact]
    public void Strings_are_escaped_so_no_quote_or_newline_can_end_them()
    {
        PythonSource.Str("a'b\\c\n\u00e9\U0001F600\ud800").ShouldBe("'a\\x27b\\x5cc\\x0a\\xe9\\U0001f600\\ud800'");
    }

    [Fact]
    public void Containers_floats_and_bytes_are_written_as_python_reads_them()
    {
        var value = V.List(V.Tuple(V.Int(1)), V.Set(), V.Float(double.NaN), V.Float(-0.0), V.Dict((V.Str("k"), V.None)), new PyBytes([0, 65]));
        PythonSource.TryWrite(value).ShouldBe("[((1),), set(), float('nan'), (-0.0), {'k': None}, b'\\x00A']");
    }

    [Fact]
    public void A_subclass_value_is_written_as_its_base_type() => PythonSource.TryWrite(V.Sub(V.Int(3), "solution.MyInt")).ShouldBe("(3)");

    [Fact]
    public void Objects_and_iterators_have_no_plain_form()
    {
        PythonSource.TryWrite(V.List(new PyOpaque("solution.Node", false))).ShouldBeNull();
        PythonSource.NotPlain(V.List(new PyOpaque("generator", true))).ShouldBe("an unconsumed iterator (generator)");
    }
}
