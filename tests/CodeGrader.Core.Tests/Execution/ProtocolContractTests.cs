using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using CodeGrader.Core.Execution;
using CodeGrader.Protocol;

namespace CodeGrader.Core.Tests.Execution;

/// <summary>
/// The contract between the records and what a real worker (its C# loop and its Python harness) sends: a raw client
/// speaks the protocol to a fresh worker, builds every request from the records, and reads every raw answer strictly
/// into its record (an unknown member, a missing required one or a wrong type fails), then checks that nothing was
/// lost: the record written back is the same JSON as the raw answer (bar the harness's explicit nulls).
/// </summary>
public sealed class ProtocolContractTests
{
    [Fact]
    public async Task A_value_comes_back_as_a_result_the_record_reads_strictly()
    {
        await using var worker = await RawWorker.StartAsync();
        (await worker.LoadAsync("def f(x):\n    print('hi')\n    return [x, {'a': (1, 2.5, None)}, 'é', b'\\x00', 10 ** 30]\n", entry: "f")).Ok.ShouldBeTrue();
        var result = await worker.TestAsync(new TestMessage(11, Call: "f(1)"));
        result.Id.ShouldBe(11);
        result.Outcome.ShouldBe(Outcomes.Value);
        result.Value.ShouldNotBeNull().GetProperty("t").GetString().ShouldBe("list");
        result.Stdout.ShouldBe("hi\n");
        result.TimeNs.ShouldNotBeNull().ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task An_exception_comes_back_with_an_error_and_its_traceback()
    {
        await using var worker = await RawWorker.StartAsync();
        (await worker.LoadAsync("def helper(x):\n    return {}[x]\n\ndef f(x):\n    return helper(x)\n\ndef down(n):\n    return down(n + 1)\n\ndef bad():\n    exec('x = (')\n")).Ok.ShouldBeTrue();
        var raised = await worker.TestAsync(new TestMessage(12, Call: "f('k')"));
        raised.Outcome.ShouldBe(Outcomes.Exception);
        var error = raised.Error.ShouldNotBeNull();
        error.Type.ShouldBe("KeyError");
        error.Traceback.Select(t => t.Function).ShouldBe(["f", "helper"]);
        error.Line.ShouldBe(2);

        var recursion = await worker.TestAsync(new TestMessage(13, Call: "down(0)"));
        recursion.Error.ShouldNotBeNull().Traceback[^1].Repeated.ShouldNotBeNull().ShouldBeGreaterThan(900);

        var syntax = await worker.TestAsync(new TestMessage(14, Call: "bad()"));
        syntax.Error.ShouldNotBeNull().Type.ShouldBe("SyntaxError");
        syntax.Error.Column.ShouldNotBeNull();
    }

    [Fact]
    public async Task A_syntax_error_comes_back_as_a_loaded_message_with_a_diagnostic()
    {
        await using var worker = await RawWorker.StartAsync();
        var loaded = await worker.LoadAsync("def f(:\n    pass\n");
        loaded.Ok.ShouldBeFalse();
        loaded.Diagnostics.ShouldHaveSingleItem().Id.ShouldBe("CG1001");
        loaded.Outcome.ShouldBeNull();
    }

    [Fact]
    public async Task An_import_that_raises_and_a_missing_entry_come_back_as_loaded_messages()
    {
        await using (var worker = await RawWorker.StartAsync())
        {
            var raised = await worker.LoadAsync("print('loading')\nraise ValueError('at import')\n");
            raised.Ok.ShouldBeFalse();
            raised.Outcome.ShouldBe(Outcomes.Exception);
            raised.Error.ShouldNotBeNull().Message.ShouldBe("at import");
            raised.Stdout.ShouldBe("loading\n");
        }
        await using (var worker = await RawWorker.StartAsync())
        {
            var missing = await worker.LoadAsync("def g():\n    pass\n", entry: "f");
            missing.Diagnostics.ShouldHaveSingleItem().Id.ShouldBe("CG1004");
        }
    }

    [Fact]
    public async Task A_program_reads_its_stdin_from_the_test_message()
    {
        await using var worker = await RawWorker.StartAsync();
        (await worker.LoadAsync("import sys\nprint(sum(int(x) for x in sys.stdin.read().split()))\n", mode: LoadModes.Program)).Ok.ShouldBeTrue();
        var result = await worker.TestAsync(new TestMessage(21, Stdin: "1 2 39\n"));
        result.Outcome.ShouldBe(Outcomes.Value);
        result.Stdout.ShouldBe("42\n");
    }

    [Fact]
    public async Task Steps_come_back_one_step_result_each_up_to_the_first_that_raises()
    {
        await using var worker = await RawWorker.StartAsync();
        (await worker.LoadAsync("class C:\n    def __init__(self):\n        self.n = 0\n    def add(self):\n        self.n += 1\n        print(self.n)\n")).Ok.ShouldBeTrue();
        var result = await worker.TestAsync(new TestMessage(31, Steps:
        [
            new StepMessage("c = C()", false), new StepMessage("c.add()", false), new StepMessage("c.n", true),
            new StepMessage("c.missing", true), new StepMessage("c.n", true),
        ]));
        result.Outcome.ShouldBe(Outcomes.Exception);
        var steps = result.Steps.ShouldNotBeNull();
        steps.Select(s => s.Step).ShouldBe([0, 1, 2, 3]);
        steps[1].Stdout.ShouldBe("1\n");
        steps[3].Error.ShouldNotBeNull().Type.ShouldBe("AttributeError");
    }

    [Fact]
    public async Task Take_comes_back_as_the_taken_items_and_more()
    {
        await using var worker = await RawWorker.StartAsync();
        (await worker.LoadAsync("import itertools\ndef naturals():\n    yield from itertools.count()\n")).Ok.ShouldBeTrue();
        var result = await worker.TestAsync(new TestMessage(41, Call: "naturals()", Take: 3));
        result.More.ShouldBe(true);
        result.Value.ShouldNotBeNull().GetProperty("v").GetArrayLength().ShouldBe(3);
    }

    [Fact]
    public async Task Output_over_the_limit_an_interrupt_and_value_limits_fit_the_records()
    {
        await using var worker = await RawWorker.StartAsync();
        (await worker.LoadAsync("def loud():\n    print('x' * 100)\n\ndef spin():\n    while True:\n        pass\n", outputLimit: 10, valueLimits: new ValueLimits(MaxNodes: 5))).Ok.ShouldBeTrue();
        var loud = await worker.TestAsync(new TestMessage(51, Call: "loud()"));
        loud.Outcome.ShouldBe(Outcomes.OutputLimit);
        loud.OutputTruncated.ShouldBe(true);

        var large = await worker.TestAsync(new TestMessage(52, Call: "list(range(10))"));
        large.Value.ShouldNotBeNull().GetProperty("t").GetString().ShouldBe("too_large");

        var spin = await worker.TestAsync(new TestMessage(53, Call: "spin()"), deadlineMs: 200);
        spin.Outcome.ShouldBe(Outcomes.Interrupted);
    }

    [Fact]
    public async Task The_workers_own_fallback_answer_and_the_harnesss_refusal_fit_the_records()
    {
        await using (var worker = await RawWorker.StartAsync())
        {
            var refused = await worker.TestAsync(new TestMessage(61, Call: "1"));
            refused.Outcome.ShouldBe(Outcomes.ProtocolError);
            refused.Message.ShouldBe("no submission loaded");
        }
        await using (var worker = await RawWorker.StartAsync())
        {
            // Breaking the harness makes its handler raise: the worker answers for it, with the request's id.
            (await worker.LoadAsync("import sys\ndef sabotage():\n    sys._getframe(2).f_globals['describe'] = None\n    raise ValueError('x')\n")).Ok.ShouldBeTrue();
            var fallback = await worker.TestAsync(new TestMessage(62, Call: "sabotage()"));
            fallback.Id.ShouldBe(62);
            fallback.Outcome.ShouldBe(Outcomes.Exception);
            fallback.Error.ShouldNotBeNull().Type.ShouldBe("TypeError");
            fallback.TimeNs.ShouldBeNull();
        }
    }

    /// <summary>A bare protocol client on a fresh, unconfined worker: frames in and out, nothing of <see cref="WorkerProcess"/>.</summary>
    private sealed class RawWorker : IAsyncDisposable
    {
        private readonly ChildProcess _child;
        private readonly HostChannel _channel;
        private readonly Task _drain;

        private RawWorker(ChildProcess child)
        {
            _child = child;
            _channel = new HostChannel(child.ToChild, child.FromChild);
            _drain = Task.WhenAll(child.Stdout.CopyToAsync(Stream.Null), child.Stderr.CopyToAsync(Stream.Null));
        }

        public ReadyMessage Ready { get; private set; } = null!;

        public static async Task<RawWorker> StartAsync()
        {
            var options = WorkerHarness.Options();
            var environment = ImmutableDictionary.CreateRange(StringComparer.Ordinal, new Dictionary<string, string>
            {
                ["CODEGRADER_LIBPYTHON"] = options.Python.LibraryPath,
                ["CODEGRADER_PYTHONHOME"] = options.Python.Home ?? "",
                ["CODEGRADER_CHANNEL"] = "3,4",
                ["LANG"] = "C.UTF-8",
            });
            var worker = new RawWorker(ChildProcess.Start(new WorkerCommand(options.WorkerPath, [], environment)));
            // An empty Harness frame: the worker compiles the harness and sends it back in Ready.
            worker.Ready = Strict(await worker.ExchangeAsync(FrameKind.Harness, [], 0, FrameKind.Ready), ProtocolJson.Default.ReadyMessage);
            worker.Ready.Harness.ShouldNotBeNullOrEmpty();
            worker.Ready.Pid.ShouldBe(worker._child.Pid);
            return worker;
        }

        public async Task<LoadedMessage> LoadAsync(string source, string? entry = null, string mode = LoadModes.Module, int outputLimit = 65536, ValueLimits? valueLimits = null)
        {
            var message = new LoadMessage("solution.py", Convert.ToBase64String(Encoding.UTF8.GetBytes(source)), mode, outputLimit, [], [], entry, valueLimits);
            var payload = JsonSerializer.SerializeToUtf8Bytes(message, ProtocolJson.Default.LoadMessage);
            return Strict(await ExchangeAsync(FrameKind.Load, payload, 2000, FrameKind.Loaded), ProtocolJson.Default.LoadedMessage);
        }

        public async Task<ResultMessage> TestAsync(TestMessage message, uint deadlineMs = 2000)
        {
            var payload = JsonSerializer.SerializeToUtf8Bytes(message, ProtocolJson.Default.TestMessage);
            return Strict(await ExchangeAsync(FrameKind.Test, payload, deadlineMs, FrameKind.Result), ProtocolJson.Default.ResultMessage);
        }

        private async Task<byte[]> ExchangeAsync(FrameKind kind, byte[] payload, uint deadlineMs, FrameKind expected)
        {
            await _channel.WriteAsync(kind, payload, deadlineMs).WaitAsync(WorkerHarness.Bound);
            var answer = (await _channel.ReadAsync().AsTask().WaitAsync(WorkerHarness.Bound)).ShouldNotBeNull("the worker closed its channel");
            answer.Kind.ShouldBe(expected, Encoding.UTF8.GetString(answer.Payload.Span));
            return answer.Payload.ToArray();
        }

        /// <summary>Reads <paramref name="raw"/> strictly, then checks the record holds all of it.</summary>
        private static T Strict<T>(byte[] raw, JsonTypeInfo<T> type) where T : class
        {
            var text = Encoding.UTF8.GetString(raw);
            T message;
            try
            {
                message = JsonSerializer.Deserialize(raw, type).ShouldNotBeNull();
            }
            catch (JsonException e)
            {
                throw new ShouldAssertException($"the worker's {typeof(T).Name} does not fit the record ({e.Message}):\n{text}", e);
            }
            var written = JsonNode.Parse(JsonSerializer.SerializeToUtf8Bytes(message, type));
            JsonNode.DeepEquals(WithoutNulls(JsonNode.Parse(raw)), written).ShouldBeTrue($"the record lost part of the answer:\n{text}\n{written}");
            return message;
        }

        private static JsonNode? WithoutNulls(JsonNode? node)
        {
            switch (node)
            {
                case JsonObject obj:
                    foreach (var (name, value) in obj.ToList())
                    {
                        if (value is null) obj.Remove(name);
                        else WithoutNulls(value);
                    }
                    break;
                case JsonArray array:
                    foreach (var item in array) WithoutNulls(item);
                    break;
            }
            return node;
        }

        public async ValueTask DisposeAsync()
        {
            _child.ToChild.Dispose();
            if (await Task.WhenAny(_child.Exited, Task.Delay(WorkerHarness.Bound)) != _child.Exited) _child.Kill();
            await _drain.WaitAsync(WorkerHarness.Bound);
            _child.Dispose();
        }
    }
}
