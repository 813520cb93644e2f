using System.Text;
using System.Text.Json;
using CodeGrader.Core.InHost;
using CodeGrader.Core.Values;

namespace CodeGrader.Core.Tests.Execution;

public sealed class CanonicalValueReaderTests
{
    [Theory]
    [InlineData("true", "True")]
    [InlineData("7", "7")]
    [InlineData("-9223372036854775808", "-9223372036854775808")]
    [InlineData("2.0", "2.0")]
    [InlineData("1e+16", "1e+16")]
    [InlineData("-0.0", "-0.0")]
    [InlineData("\"plain\"", "'plain'")]
    [InlineData("""{"t":"none"}""", "None")]
    [InlineData("""{"t":"bool","v":false}""", "False")]
    [InlineData("""{"t":"int","v":42}""", "42")]
    [InlineData("""{"t":"int","x":"-1fffffffffffffffffff"}""", "-151115727451828646838271")]
    [InlineData("""{"t":"float","v":"nan"}""", "nan")]
    [InlineData("""{"t":"float","v":"-inf"}""", "-inf")]
    [InlineData("""{"t":"float","v":"0.30000000000000004"}""", "0.30000000000000004")]
    [InlineData("""{"t":"complex","re":1.5,"im":"-inf"}""", "(1.5-infj)")]
    [InlineData("""{"t":"str","v":"h\u00e9llo"}""", "'héllo'")]
    [InlineData("""{"t":"str","cp":[108,55296,128512]}""", "'l\\ud800😀'")]
    [InlineData("""{"t":"bytes","hex":"00ff"}""", "b'\\x00\\xff'")]
    [InlineData("""{"t":"bytearray","hex":"0a"}""", "bytearray(b'\\n')")]
    [InlineData("""{"t":"list","v":[1,2.5,"x",{"t":"none"},{"t":"list","v":[]}]}""", "[1, 2.5, 'x', None, []]")]
    [InlineData("""{"t":"tuple","v":[{"t":"list","v":[]},{"t":"tuple","v":[3]}]}""", "([], (3,))")]
    [InlineData("""{"t":"frozenset","v":[1]}""", "frozenset({1})")]
    [InlineData("""{"t":"dict","v":[["a",1],[2,{"t":"set","v":[]}]]}""", "{'a': 1, 2: set()}")]
    [InlineData("""{"t":"int","v":5,"sub":"mod.MyInt"}""", "mod.MyInt(5)")]
    [InlineData("""{"sub":"collections.UserList","t":"list","v":[1]}""", "collections.UserList([1])")]
    [InlineData("""{"t":"cycle"}""", "[...]")]
    [InlineData("""{"t":"object","type":"mod.Thing","handle":3,"methods":["a","b"]}""", "<mod.Thing object>")]
    [InlineData("""{"t":"iterator","type":"generator"}""", "<generator object (an iterator, not consumed)>")]
    [InlineData("""{"t":"too_large","type":"list","reason":"more than 10 values"}""", "<list too large to show: more than 10 values>")]
    [InlineData("""{"t":"list","f64":"AAAAAAAA8D8AAAAAAAAEQA==","ints":[0]}""", "[1, 2.5]")]
    [InlineData("""{"t":"tuple","f64":"AAAAAAAA+D8AAAAAAAAAgA=="}""", "(1.5, -0.0)")]
    [InlineData("""{"t":"list","f64":"AAAAAAAA+D8AAAAAAAAAgA==","sub":"mod.L"}""", "mod.L([1.5, -0.0])")]
    public void Every_form_reads_as_the_value_python_would_print_and_survives_a_trip_through_the_writer(string json, string repr)
    {
        var value = CanonicalValueReader.Parse(json);
        PythonLiteral.Format(value).ShouldBe(repr);
        var back = CanonicalValueReader.Parse(Written(value));
        PythonLiteral.Format(back).ShouldBe(repr);
        back.GetType().ShouldBe(value.GetType());
        back.Subclass.ShouldBe(value.Subclass);
    }

    [Fact]
    public void An_element_of_a_parsed_document_reads_from_its_own_bytes()
    {
        using var document = JsonDocument.Parse("""{"outcome":"value","value":{"t":"list","v":[1,{"t":"float","v":"inf"}]},"time_ns":5}""");
        PythonLiteral.Format(CanonicalValueReader.Read(document.RootElement.GetProperty("value"))).ShouldBe("[1, inf]");
    }

    [Fact]
    public void A_million_floats_read_back_exactly()
    {
        var floats = Enumerable.Range(0, 1_000_000).Select(i => i * 0.1 + 1e-9).ToArray();
        var json = "[" + string.Join(",", floats.Select(AsFloat)) + "]";
        var value = CanonicalValueReader.Parse(Encoding.UTF8.GetBytes($$"""{"t":"list","v":{{json}}}"""));
        value.ShouldBeOfType<PySequence>().Items.Select(v => v.ShouldBeOfType<PyFloat>().Value).ShouldBe(floats);
    }

    [Theory]
    [InlineData("""{"v":1,"t":"int"}""")]
    [InlineData("""{"t":"martian","v":1}""")]
    [InlineData("""{"t":"list"}""")]
    [InlineData("""{"t":"list","v":[1,2""")]
    [InlineData("""{"t":"dict","v":[[1]]}""")]
    [InlineData("""null""")]
    [InlineData("""1 2""")]
    [InlineData("""{"t":"list","f64":"not base64!"}""")]
    [InlineData("""{"t":"list","f64":"AAAAAAAA+D8A"}""")]
    [InlineData("""{"t":"list","f64":"AAAAAAAA+D8AAAAAAAAAgA==","ints":[2]}""")]
    [InlineData("""{"t":"list","f64":"AAAAAAAA8D8AAAAAAAAEQA==","ints":[1,0]}""")]
    [InlineData("""{"t":"list","f64":"AAAAAAAA8D8AAAAAAAAEQA==","ints":[1]}""")]
    [InlineData("""{"t":"list","f64":"AAAAAAAAsEM=","ints":[0]}""")]
    [InlineData("""{"t":"list","f64":"AAAAAAAA8D8AAAAAAAAEQA==","v":[1]}""")]
    [InlineData("""{"t":"list","ints":[0],"v":[1]}""")]
    [InlineData("""{"t":"dict","f64":"AAAAAAAA8D8AAAAAAAAEQA=="}""")]
    public void Anything_malformed_is_a_format_error(string json)
    {
        var error = Should.Throw<Exception>(() => CanonicalValueReader.Parse(Encoding.UTF8.GetBytes(json)));
        (error is FormatException or JsonException or InvalidOperationException).ShouldBeTrue(error.ToString());
    }

    private static string AsFloat(double value)
    {
        var text = value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        return text.Contains('.') || text.Contains('E') ? text : text + ".0";
    }

    private static string Written(PyValue value)
    {
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer)) CanonicalJson.Write(writer, value, withSubclass: true);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
