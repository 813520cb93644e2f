using System.Buffers;
using System.Collections.Immutable;
using System.Text.Json;
using CodeGrader.Core.InHost;
using CodeGrader.Core.Values;

namespace CodeGrader.Core.Tests.Execution;

/// <summary>
/// A big answer equal to its expected value is shown in the report from its JSON, reading only the items shown: the
/// text must be exactly what the whole value would show.
/// </summary>
public sealed class CanonicalValuePreviewTests
{
    private static byte[] Json(PyValue value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer)) CanonicalJson.Write(writer, value, withSubclass: true);
        return buffer.WrittenSpan.ToArray();
    }

    private static PySequence List(IEnumerable<PyValue> items) => new(SequenceKind.List, [.. items]);

    public static TheoryData<string, PyValue> Values() => new()
    {
        { "a million floats", List(Enumerable.Range(0, 1_000_000).Select(i => new PyFloat(i * 0.5))) },
        { "ints and floats mixed", List(Enumerable.Range(0, 50_000).Select(i => i % 3 == 0 ? (PyValue)new PyInt(i) : new PyFloat(i / 3.0))) },
        { "a tuple", new PySequence(SequenceKind.Tuple, [.. Enumerable.Range(0, 20_000).Select(i => new PyInt(-i))]) },
        { "a one-item tuple", new PySequence(SequenceKind.Tuple, [new PyStr("only")]) },
        { "an empty list", List([]) },
        { "a set", new PySet(false, [.. Enumerable.Range(0, 10_000).Select(i => new PyStr($"s{i}"))]) },
        { "an empty frozenset", new PySet(true, []) },
        { "a dict", new PyDict([.. Enumerable.Range(0, 10_000).Select(i => new KeyValuePair<PyValue, PyValue>(new PyStr($"k{i}"), new PySequence(SequenceKind.Tuple, [new PyInt(i), PyNone.Instance])))]) },
        { "a list subclass", List(Enumerable.Range(0, 5_000).Select(i => new PyInt(i))) with { Subclass = "MyList" } },
        { "lists of lists", List(Enumerable.Range(0, 300).Select(i => List(Enumerable.Range(0, 300).Select(j => new PyInt(i * j))))) },
        { "one huge item", List([List(Enumerable.Range(0, 100_000).Select(i => new PyFloat(i)))]) },
        { "a short list", List([new PyInt(1), new PyStr("é"), PyBool.True, new PyFloat(double.NaN)]) },
        { "a long str", new PyStr(new string('x', 100_000)) },
        { "a long str with quotes", new PyStr(string.Concat(Enumerable.Repeat("it's ", 50_000))) },
        { "a long str with both quotes", new PyStr(string.Concat(Enumerable.Repeat("it's \"so\" ", 50_000))) },
        { "a long str beyond ASCII", new PyStr(string.Concat(Enumerable.Repeat("é😀a\n", 50_000))) },
        { "a str just past the cut", new PyStr(new string('y', PythonLiteral.DefaultMaxLength + 5)) },
        { "a big int", new PyInt(System.Numerics.BigInteger.Pow(7, 5000)) },
        { "None", PyNone.Instance },
    };

    [Theory]
    [MemberData(nameof(Values))]
    public void The_preview_of_a_values_json_is_the_text_the_whole_value_shows(string what, PyValue value)
    {
        var json = Json(value);
        foreach (var maxLength in new[] { PythonLiteral.DefaultMaxLength, 40, 1 })
            CanonicalValuePreview.Format(json, maxLength).ShouldBe(PythonLiteral.Format(value, maxLength), $"{what}, cut at {maxLength}");
    }

    [Theory]
    [InlineData(1_000_000, "list")]
    [InlineData(4_096, "tuple")]
    [InlineData(3, "list")]
    public void The_preview_of_a_run_of_doubles_is_the_text_the_whole_value_shows(int count, string kind)
    {
        var numbers = Enumerable.Range(0, count).Select(i => i % 1000 == 0 ? i : i * 0.5 + 0.25).ToArray();
        var bytes = numbers.SelectMany(BitConverter.GetBytes).ToArray(); // little-endian on every machine this runs on
        var ints = string.Join(",", Enumerable.Range(0, count).Where(i => i % 1000 == 0));
        var json = System.Text.Encoding.UTF8.GetBytes($$"""{"t":"{{kind}}","f64":"{{Convert.ToBase64String(bytes)}}","ints":[{{ints}}]}""");
        var whole = CanonicalValueReader.Parse(json);
        whole.ShouldBeOfType<PySequence>().Items[0].ShouldBe(new PyInt(0));
        foreach (var maxLength in new[] { PythonLiteral.DefaultMaxLength, 40, 1 })
            CanonicalValuePreview.Format(json, maxLength).ShouldBe(PythonLiteral.Format(whole, maxLength), $"{count}, cut at {maxLength}");
    }

    [Fact]
    public void A_long_str_written_bare_says_how_long_it_is_though_only_its_start_is_read()
    {
        var json = System.Text.Encoding.UTF8.GetBytes("\"" + new string('z', 7_000_000) + "\"");
        CanonicalValuePreview.Format(json).ShouldEndWith("... [a str of 7,000,000 characters]");
        CanonicalValuePreview.Format(json).ShouldBe(PythonLiteral.Format(new PyStr(new string('z', 7_000_000))));
    }

    [Fact]
    public void A_long_list_says_how_many_items_it_has_though_only_the_first_are_read()
    {
        var json = Json(List(Enumerable.Range(0, 1_000_000).Select(i => new PyInt(i))));
        var shown = CanonicalValuePreview.Format(json);
        shown.ShouldStartWith("[0, 1, 2, 3, ");
        shown.ShouldEndWith("... [a list of 1,000,000 items]");
    }
}
