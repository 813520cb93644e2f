using System.Text;
using System.Text.Json;
using CodeGrader.Core.Execution;
using CodeGrader.Core.Values;
using CodeGrader.Protocol;

namespace CodeGrader.Core.Tests.Execution;

/// <summary>The common answer read in one pass: exactly what the strict generated deserializer makes of it, or nothing.</summary>
public sealed class PlainResultReaderTests
{
    [Theory]
    [InlineData("""{"outcome":"value","value":{"t":"bool","v":true},"time_ns":5120,"stdout":"","stderr":"","id":17}""")]
    [InlineData("""{"id":17,"outcome":"value","value":{"t":"list","v":[1,2.5,"abc",true]},"time_ns":9,"stdout":"out\n","stderr":"err","output_truncated":true}""")]
    [InlineData("""{"outcome":"value","more":true,"value":{"t":"list","v":[1]},"cpu_ns":3,"time_ns":4,"id":null,"stdout":null}""")]
    [InlineData("""{"outcome":"interrupted","time_ns":4,"id":2,"value":null}""")]
    [InlineData("""{"outcome":"output_limit"}""")]
    [InlineData(""" { "outcome" : "value" , "value" : "\u00e9\ud83d\ude00" , "id" : 1 } """)]
    public void A_plain_answer_reads_as_the_strict_deserializer_reads_it(string json)
    {
        var payload = Encoding.UTF8.GetBytes(json);
        var strict = JsonSerializer.Deserialize(payload, ProtocolJson.Default.ResultMessage).ShouldNotBeNull();

        var (result, value) = PlainResultReader.TryRead(payload).ShouldNotBeNull();

        result.ShouldBe(strict with { Value = null });
        if (strict.Value is { } expected) PythonLiteral.Format(value.ShouldNotBeNull()).ShouldBe(PythonLiteral.Format(CanonicalValueReader.Read(expected)));
        else value.ShouldBeNull();
    }

    [Theory]
    [InlineData("""{"outcome":"exception","id":1,"error":{"type":"E","bases":[],"message":"m","traceback":[]}}""")]
    [InlineData("""{"outcome":"value","id":1,"steps":[]}""")]
    [InlineData("""{"outcome":"protocol_error","id":1,"message":"no submission loaded"}""")]
    [InlineData("""{"outcome":"value","id":1,"stdout_bytes":"AA=="}""")]
    [InlineData("""{"outcome":"value","outcome":"value","id":1}""")]
    [InlineData("""{"outcome":null,"id":1}""")]
    [InlineData("""{"id":1}""")]
    [InlineData("""{"outcome":"value","id":"1"}""")]
    [InlineData("""{"outcome":"value","id":1.5}""")]
    [InlineData("""{"outcome":"value","time_ns":"5"}""")]
    [InlineData("""{"outcome":"value","Outcome":"value"}""")]
    [InlineData("""{"outcome":"value","value":{"t":"nope"}}""")]
    [InlineData("""{"outcome":"value"} {}""")]
    [InlineData("""[1]""")]
    [InlineData("""not json""")]
    public void Anything_else_is_left_to_the_strict_deserializer(string json) =>
        PlainResultReader.TryRead(Encoding.UTF8.GetBytes(json)).ShouldBeNull();

    [Theory]
    [InlineData("""{"outcome":null,"id":7}""")]
    [InlineData("""{"outcome":"value","id":7,"time_ns":"5"}""")]
    [InlineData("""{"outcome":"value","id":7,"value":{"t":"nope"}}""")]
    [InlineData("""{"outcome":"value","id":7} {}""")]
    public void An_answer_the_one_pass_reader_leaves_is_still_a_protocol_violation(string json)
    {
        AnswerReader.ReadResult(Encoding.UTF8.GetBytes(json), 7, TimeSpan.Zero, TimeSpan.FromSeconds(1), out var violation);

        violation.ShouldBeTrue();
    }
}
