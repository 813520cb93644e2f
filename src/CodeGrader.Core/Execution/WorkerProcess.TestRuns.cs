using System.Diagnostics;
using System.Text.Json;
using CodeGrader.Protocol;

namespace CodeGrader.Core.Execution;

/// <summary>Test requests: one at a time (<see cref="RunTestAsync"/>), or sent and received apart (<see cref="TestPipeline"/>).</summary>
internal sealed partial class WorkerProcess
{
    /// <summary>Runs one test. Never throws for anything the candidate's code does.</summary>
    public async Task<TestRunResult> RunTestAsync(TestRequest request, CancellationToken cancellationToken = default)
    {
        var sent = await SendTestAsync(Prepare(request)).ConfigureAwait(false);
        return (await ReceiveTestAsync(sent, sent.WrittenAt, cancellationToken).ConfigureAwait(false)).Result;
    }

    /// <summary>The bytes the host may keep unread in the worker's channel without a write ever blocking.</summary>
    internal int ChannelCapacity => _child.ChannelCapacity;

    /// <summary>
    /// Writes one test request without waiting for its answer (<see cref="TestPipeline"/> keeps several in flight; the
    /// worker reads them one after another). A write that fails (the worker is gone) is kept as the request's problem and
    /// reported by <see cref="ReceiveTestAsync"/> in the request's turn, as <see cref="RunTestAsync"/> would.
    /// </summary>
    internal async Task<SentTest> SendTestAsync(PreparedTest test) => (await SendTestsAsync([test]).ConfigureAwait(false))[0];

    /// <summary>
    /// Writes several test requests in one write (<see cref="TestPipeline"/> tops its window up a run at a time, one system
    /// call for the run instead of one per request); each is then as if sent by <see cref="SendTestAsync"/>, at the same
    /// moment and with the same problem if the write failed.
    /// </summary>
    internal async Task<IReadOnlyList<SentTest>> SendTestsAsync(IReadOnlyList<PreparedTest> tests)
    {
        if (_end is not null) throw new InvalidOperationException($"The worker has ended ({_end}); start a fresh one.");
        var writtenAt = Stopwatch.GetTimestamp();
        var problem = await WriteAsync(FrameKind.Test, [.. tests.Select(t => (ReadOnlyMemory<byte>)t.Payload)], DeadlineMs(_options.Limits.TimePerTest))
            .ConfigureAwait(false);
        _inFlight += tests.Count;
        return [.. tests.Select(t => new SentTest(t.Id, writtenAt, t.Bytes, problem))];
    }

    /// <summary>Serializes a test request with a fresh random id (1 to 2^31-2, never reused in practice).</summary>
    internal static PreparedTest Prepare(TestRequest request)
    {
        var id = RequestIds.Next();
        return new PreparedTest(id, JsonSerializer.SerializeToUtf8Bytes(request.ToMessage(id), ProtocolJson.Default.TestMessage));
    }

    /// <summary>
    /// Waits for the answer to the oldest request in flight (<paramref name="sent"/>; answers come in order, each checked
    /// against its request's id), on the host's clock from <paramref name="clockStart"/> (a <see cref="Stopwatch"/>
    /// timestamp): the test's time and its hard deadline both run from there. Also returns when the answer arrived.
    /// With <paramref name="leaveBigValue"/>, a big answer's value is left as its JSON (see <see cref="AnswerReader.ReadResult"/>).
    /// </summary>
    internal async Task<(TestRunResult Result, long ArrivedAt)> ReceiveTestAsync(SentTest sent, long clockStart, CancellationToken cancellationToken,
        bool leaveBigValue = false)
    {
        var limits = _options.Limits;
        Exchange exchange;
        try
        {
            exchange = sent.Problem is { } problem
                ? new Exchange(null, Stopwatch.GetElapsedTime(clockStart), problem, Stopwatch.GetTimestamp())
                : await AwaitAnswerAsync(clockStart, limits.HardDeadline, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _inFlight--;
        }
        if (exchange.Answer is not { Kind: FrameKind.Result } frame)
        {
            var failed = await FailedRunAsync(exchange).ConfigureAwait(false);
            return (new TestRunResult(failed.Status, null, null, "", "", exchange.Elapsed, null, Message: failed.Message, End: failed.End), exchange.ArrivedAt);
        }
        var result = AnswerReader.ReadResult(frame.Payload, sent.Id, exchange.Elapsed, limits.TimePerTest, out var violation, leaveBigValue);
        if (violation)
        {
            Kill(KillReason.ProtocolViolation);
            var end = await FinishAsync().ConfigureAwait(false);
            return (result with { End = end }, exchange.ArrivedAt);
        }
        return (result, exchange.ArrivedAt);
    }
}
