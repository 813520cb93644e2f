using System.Text;
using System.Text.Json;
using CodeGrader.Core.InHost;
using CodeGrader.Core.Values;

namespace CodeGrader.Core.Tests.Execution;

public sealed class CanonicalValueStreamReaderTests
{
    [Theory]
    [InlineData("true")]
    [InlineData("7")]
    [InlineData("-9223372036854775808")]
    [InlineData("2.0")]
    [InlineData("1e+16")]
    [InlineData("-0.0")]
    [InlineData("\"plain\"")]
    [InlineData("""{"t":"none"}""")]
    [InlineData("""{"t":"bool","v":false}""")]
    [InlineData("""{"t":"int","v":42}""")]
    [InlineData("""{"t":"int","x":"-1fffffffffffffffffff"}""")]
    [InlineData("""{"t":"float","v":"nan"}""")]
    [InlineData("""{"t":"float","v":"-inf"}""")]
    [InlineData("""{"t":"float","v":"0.30000000000000004"}""")]
    [InlineData("""{"t":"complex","re":1.5,"im":"-inf"}""")]
    [InlineData("""{"t":"str","v":"h\u00e9llo"}""")]
    [InlineData("""{"t":"str","cp":[108,55296,128512]}""")]
    [InlineData("""{"t":"bytes","hex":"00ff"}""")]
    [InlineData("""{"t":"bytearray","hex":"0a"}""")]
    [InlineData("""{"t":"list","v":[1,2.5,"x",{"t":"none"},{"t":"list","v":[]}]}""")]
    [InlineData("""{"t":"tuple","v":[{"t":"list","v":[]},{"t":"tuple","v":[3]}]}""")]
    [InlineData("""{"t":"frozenset","v":[1]}""")]
    [InlineData("""{"t":"dict","v":[["a",1],[2,{"t":"set","v":[]}]]}""")]
    [InlineData("""{"t":"int","v":5,"sub":"mod.MyInt"}""")]
    [InlineData("""{"sub":"collections.UserList","t":"list","v":[1]}""")]
    [InlineData("""{"t":"cycle"}""")]
    [InlineData("""{"t":"object","type":"mod.Thing","handle":3,"methods":["a","b"]}""")]
    [InlineData("""{"t":"iterator","type":"generator"}""")]
    [InlineData("""{"t":"too_large","type":"list","reason":"more than 10 values"}""")]
    public void The_token_reader_reads_every_form_as_the_document_reader_does(string json)
    {
        var streamed = CanonicalValueStreamReader.Parse(Encoding.UTF8.GetBytes(json));
        var parsed = CanonicalValueReader.Parse(json);
        Written(streamed).ShouldBe(Written(parsed));
        streamed.Subclass.ShouldBe(parsed.Subclass);
        streamed.GetType().ShouldBe(parsed.GetType());
    }

    [Fact]
    public void A_million_floats_read_back_exactly()
    {
        var floats = Enumerable.Range(0, 1_000_000).Select(i => i * 0.1 + 1e-9).ToArray();
        var json = "[" + string.Join(",", floats.Select(AsFloat)) + "]";
        var value = CanonicalValueStreamReader.Parse(Encoding.UTF8.GetBytes($$"""{"t":"list","v":{{json}}}"""));
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
    public void Anything_malformed_is_a_format_error(string json)
    {
        var error = Should.Throw<Exception>(() => CanonicalValueStreamReader.Parse(Encoding.UTF8.GetBytes(json)));
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
