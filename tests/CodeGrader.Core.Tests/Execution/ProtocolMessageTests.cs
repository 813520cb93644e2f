using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using CodeGrader.Core.Execution;
using CodeGrader.Core.Values;
using CodeGrader.Protocol;

namespace CodeGrader.Core.Tests.Execution;

/// <summary>
/// Each protocol record through the generated context: it serializes to exactly the documented JSON (snake_case, null
/// fields left out) and that JSON reads back to the same bytes; reading is strict.
/// </summary>
public sealed class ProtocolMessageTests
{
    private static void ShouldRoundTrip<T>(T message, JsonTypeInfo<T> type, string json) where T : class
    {
        var written = Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(message, type));
        written.ShouldBe(json);
        var read = JsonSerializer.Deserialize(json, type).ShouldNotBeNull();
        Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(read, type)).ShouldBe(json);
    }

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();

    [Fact]
    public void A_ready_message_round_trips_with_and_without_the_harness()
    {
        ShouldRoundTrip(new ReadyMessage("3.11.2", 7), ProtocolJson.Default.ReadyMessage, """{"python":"3.11.2","pid":7}""");
        ShouldRoundTrip(new ReadyMessage("3.11.2", 7, "AAE="), ProtocolJson.Default.ReadyMessage, """{"python":"3.11.2","pid":7,"harness":"AAE="}""");
    }

    [Fact]
    public void A_load_message_round_trips_with_its_restrictions_and_value_limits()
    {
        ShouldRoundTrip(
            new LoadMessage("solution.py", "eA==", LoadModes.Module, 65536, ["re"], ["eval"], "f", new ValueLimits(MaxNodes: 10, MaxDepth: 5)),
            ProtocolJson.Default.LoadMessage,
            """{"filename":"solution.py","source":"eA==","mode":"module","output_limit":65536,"forbid_imports":["re"],"forbid_names":["eval"],"entry":"f","value_limits":{"max_nodes":10,"max_depth":5}}""");
        ShouldRoundTrip(
            new LoadMessage("main.py", "", LoadModes.Program, 10, [], []),
            ProtocolJson.Default.LoadMessage,
            """{"filename":"main.py","source":"","mode":"program","output_limit":10,"forbid_imports":[],"forbid_names":[]}""");
    }

    [Fact]
    public void Value_limits_round_trip()
    {
        ShouldRoundTrip(new ValueLimits(1, 2, 3), ProtocolJson.Default.ValueLimits, """{"max_nodes":1,"max_chars":2,"max_depth":3}""");
        ShouldRoundTrip(new ValueLimits(), ProtocolJson.Default.ValueLimits, "{}");
    }

    [Fact]
    public void A_loaded_message_round_trips_for_a_compile_error_and_for_an_import()
    {
        ShouldRoundTrip(
            new LoadedMessage(false, [new DiagnosticMessage("CG1001", "error", "invalid syntax", 1, 7, 1, 8)], TimeNs: 0),
            ProtocolJson.Default.LoadedMessage,
            """{"ok":false,"diagnostics":[{"id":"CG1001","severity":"error","message":"invalid syntax","line":1,"column":7,"end_line":1,"end_column":8}],"time_ns":0}""");
        ShouldRoundTrip(
            new LoadedMessage(true, [], Outcomes.Value, null, "hi\n", "", true, 1200),
            ProtocolJson.Default.LoadedMessage,
            """{"ok":true,"diagnostics":[],"outcome":"value","stdout":"hi\n","stderr":"","output_truncated":true,"time_ns":1200}""");
    }

    [Fact]
    public void A_test_message_round_trips_in_each_shape()
    {
        ShouldRoundTrip(new TestMessage(42, Call: "f(1)"), ProtocolJson.Default.TestMessage, """{"id":42,"call":"f(1)"}""");
        ShouldRoundTrip(new TestMessage(42, Call: "g()", Take: 3), ProtocolJson.Default.TestMessage, """{"id":42,"call":"g()","take":3}""");
        ShouldRoundTrip(new TestMessage(42, Stdin: "1 2\n"), ProtocolJson.Default.TestMessage, """{"id":42,"stdin":"1 2\n"}""");
        ShouldRoundTrip(
            new TestMessage(42, Steps: [new StepMessage("c = C()", false), new StepMessage("c.n", true)]),
            ProtocolJson.Default.TestMessage,
            """{"id":42,"steps":[{"code":"c = C()","eval":false},{"code":"c.n","eval":true}]}""");
    }

    [Fact]
    public void A_step_message_round_trips()
    {
        ShouldRoundTrip(new StepMessage("x", true), ProtocolJson.Default.StepMessage, """{"code":"x","eval":true}""");
    }

    [Fact]
    public void A_result_message_round_trips_with_a_value_an_error_and_steps()
    {
        ShouldRoundTrip(
            new ResultMessage(Outcomes.Value, 9, Json("""{"t":"list","v":[{"t":"int","v":1}]}"""), More: true, Stdout: "", Stderr: "", TimeNs: 5),
            ProtocolJson.Default.ResultMessage,
            """{"outcome":"value","id":9,"value":{"t":"list","v":[{"t":"int","v":1}]},"more":true,"stdout":"","stderr":"","time_ns":5}""");
        ShouldRoundTrip(
            new ResultMessage(Outcomes.Exception, 9, Error: new ErrorMessage("KeyError", ["LookupError", "Exception", "BaseException"], "x", [new TracebackFrameMessage("solution.py", 2, "f")], 2)),
            ProtocolJson.Default.ResultMessage,
            """{"outcome":"exception","id":9,"error":{"type":"KeyError","bases":["LookupError","Exception","BaseException"],"message":"x","traceback":[{"file":"solution.py","line":2,"function":"f"}],"line":2}}""");
        ShouldRoundTrip(
            new ResultMessage(Outcomes.Value, 9, Steps: [new StepResultMessage(0, Outcomes.Value, Json("""{"t":"none"}"""), Stdout: "", Stderr: "", TimeNs: 3)]),
            ProtocolJson.Default.ResultMessage,
            """{"outcome":"value","id":9,"steps":[{"step":0,"outcome":"value","value":{"t":"none"},"stdout":"","stderr":"","time_ns":3}]}""");
        ShouldRoundTrip(new ResultMessage(Outcomes.ProtocolError, 9, Message: "no submission loaded"), ProtocolJson.Default.ResultMessage,
            """{"outcome":"protocol_error","id":9,"message":"no submission loaded"}""");
    }

    [Fact]
    public void A_step_result_message_round_trips()
    {
        ShouldRoundTrip(new StepResultMessage(1, Outcomes.Interrupted, OutputTruncated: true), ProtocolJson.Default.StepResultMessage,
            """{"step":1,"outcome":"interrupted","output_truncated":true}""");
    }

    [Fact]
    public void A_fatal_message_round_trips()
    {
        ShouldRoundTrip(new FatalMessage("no \"libpython\""), ProtocolJson.Default.FatalMessage, """{"message":"no \u0022libpython\u0022"}""");
    }

    [Fact]
    public void A_diagnostic_message_round_trips()
    {
        ShouldRoundTrip(new DiagnosticMessage("CG1004", "error", "missing", 1, 1, 1, 1), ProtocolJson.Default.DiagnosticMessage,
            """{"id":"CG1004","severity":"error","message":"missing","line":1,"column":1,"end_line":1,"end_column":1}""");
    }

    [Fact]
    public void An_error_message_round_trips_with_a_syntax_errors_column_and_folded_frames()
    {
        ShouldRoundTrip(
            new ErrorMessage("SyntaxError", ["Exception", "BaseException"], "invalid syntax", [new TracebackFrameMessage("solution.py", 3, "down", 997)], 1, 4),
            ProtocolJson.Default.ErrorMessage,
            """{"type":"SyntaxError","bases":["Exception","BaseException"],"message":"invalid syntax","traceback":[{"file":"solution.py","line":3,"function":"down","repeated":997}],"line":1,"column":4}""");
        ShouldRoundTrip(new ErrorMessage("E", [], "", []), ProtocolJson.Default.ErrorMessage, """{"type":"E","bases":[],"message":"","traceback":[]}""");
    }

    [Fact]
    public void A_traceback_frame_message_round_trips()
    {
        ShouldRoundTrip(new TracebackFrameMessage("solution.py", 2, "<module>"), ProtocolJson.Default.TracebackFrameMessage,
            """{"file":"solution.py","line":2,"function":"\u003Cmodule\u003E"}""");
    }

    [Fact]
    public void The_harnesss_explicit_null_line_reads_as_absent()
    {
        var error = JsonSerializer.Deserialize("""{"type":"E","bases":[],"message":"","traceback":[],"line":null}""", ProtocolJson.Default.ErrorMessage);
        error.ShouldNotBeNull().Line.ShouldBeNull();
    }

    [Theory]
    [InlineData("""{"outcome":"value","id":1,"verdict":"accepted"}""")] // a member the record does not have
    [InlineData("""{"id":1}""")] // no outcome
    [InlineData("""{"outcome":null,"id":1}""")] // null where the record does not allow it
    [InlineData("""{"outcome":"value","id":"1"}""")] // a wrong type
    [InlineData("""{"outcome":"value","id":1,"steps":[{"outcome":"value"}]}""")] // a step without its index
    public void A_result_that_does_not_fit_the_record_is_rejected(string json)
    {
        Should.Throw<JsonException>(() => JsonSerializer.Deserialize(json, ProtocolJson.Default.ResultMessage));
    }

    [Theory]
    [InlineData("""{"outcome":"value","id":7,"value":{"t":"bool","v":true},"ok":true}""")]
    [InlineData("""{"outcome":"value","id":"7","value":{"t":"bool","v":true}}""")]
    [InlineData("""{"outcome":"passed","id":7}""")]
    [InlineData("not json")]
    public void The_host_takes_an_answer_that_does_not_fit_the_record_as_a_protocol_violation(string json)
    {
        var result = AnswerReader.ReadResult(Encoding.UTF8.GetBytes(json), 7, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(1), out var violation);
        violation.ShouldBeTrue();
        result.Status.ShouldBe(RunStatus.ProtocolError);
        result.Value.ShouldBeNull();
    }

    [Fact]
    public void A_pipeline_leaves_a_big_answers_value_as_its_json_and_reads_it_only_when_asked()
    {
        var numbers = string.Join(",", Enumerable.Range(0, 20_000).Select(i => $"{i}.5"));
        var payload = Encoding.UTF8.GetBytes($$$"""{"outcome":"value","id":7,"value":{"t":"list","v":[{{{numbers}}}]},"stdout":"hi"}""");

        var eager = AnswerReader.ReadResult(payload, 7, TimeSpan.Zero, TimeSpan.FromSeconds(1), out var violation);
        var left = AnswerReader.ReadResult(payload, 7, TimeSpan.Zero, TimeSpan.FromSeconds(1), out var leftViolation, leaveBigValue: true);

        (violation, leftViolation).ShouldBe((false, false));
        left.Value.ShouldBeNull("nothing is built for it yet");
        left.Stdout.ShouldBe("hi");
        var items = eager.Value.ShouldBeOfType<PySequence>().Items;
        items.Length.ShouldBe(20_000);
        left.ReadValue().ShouldBeOfType<PySequence>().Items.ShouldBe(items);
        eager.ReadValue().ShouldBeSameAs(eager.Value);
    }

    [Fact]
    public void A_big_answer_left_as_json_is_still_checked_to_be_json()
    {
        var items = string.Join(",", Enumerable.Range(0, 20_000).Select(i => $"{i}.5"));
        var payload = Encoding.UTF8.GetBytes($$$"""{"outcome":"value","id":7,"value":{"t":"list","v":[{{{items}}},]}}""");
        var result = AnswerReader.ReadResult(payload, 7, TimeSpan.Zero, TimeSpan.FromSeconds(1), out var violation, leaveBigValue: true);
        violation.ShouldBeTrue();
        result.Status.ShouldBe(RunStatus.ProtocolError);
    }

    [Fact]
    public void The_host_takes_a_result_with_another_requests_id_as_forged()
    {
        var result = AnswerReader.ReadResult("""{"outcome":"value","id":8,"value":{"t":"bool","v":true}}"""u8.ToArray(), 7, TimeSpan.Zero, TimeSpan.FromSeconds(1), out var violation);
        violation.ShouldBeTrue();
        result.Message.ShouldNotBeNull().ShouldContain("forged");
    }

    [Fact]
    public void The_host_reports_the_harnesss_refusal_as_a_protocol_error_with_its_reason()
    {
        var result = AnswerReader.ReadResult("""{"outcome":"protocol_error","id":7,"message":"no submission loaded"}"""u8.ToArray(), 7, TimeSpan.Zero, TimeSpan.FromSeconds(1), out var violation);
        violation.ShouldBeFalse();
        result.Status.ShouldBe(RunStatus.ProtocolError);
        result.Message.ShouldNotBeNull().ShouldContain("no submission loaded");
    }
}
