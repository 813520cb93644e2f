using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace CodeGrader.Core.Execution;

/// <summary>
/// Runs a list of tests on a session's worker with up to <c>depth</c> requests in flight, so that the worker never waits
/// for the host between tests (the worker reads requests one after another and answers each in turn). The host still
/// owns the clock, the kill and the comparison:
/// <list type="bullet">
/// <item>a test's clock runs from the later of the previous answer's arrival and its own request's write, to its answer's
/// arrival; its hard deadline (the kill) is armed from that same start, so each test is killed at its own deadline;</item>
/// <item>answers come back in order, each matched to its request by the request's random id (a mismatch is a protocol
/// violation, as with one request at a time);</item>
/// <item>a worker that ends mid-window (a kill, a crash) gives the test in progress its honest result; the requests still
/// in flight are dropped and sent again to a fresh worker (<see cref="WorkerSession"/>), so the results are those of
/// one request at a time;</item>
/// <item>the requests in flight stay under half the channel's pipe capacity, so a write never blocks on a busy worker
/// (which could be blocked writing an answer the host is not reading yet);</item>
/// <item>the window is topped up when it is down to half of <c>depth</c>, with one write for all the requests added, so
/// the host makes one system call per run of requests, not per test (the worker still reads each request exactly, in
/// its turn).</item>
/// </list>
/// A big answer's value is left as its JSON (<see cref="TestRunResult.ReadValue"/>): answers that wait for a slow
/// consumer hold their bytes, not an object per number, and an answer equal to the expected value is judged from its
/// bytes alone.
/// Steps (<see cref="PipelineStep"/>) are produced on a task of their own, so a slow consumer (judging, a custom checker)
/// delays no answer's arrival and no test's clock. A consumer whose work per step is small and bounded may ask to run on
/// the producer's thread instead (<c>consumeOnProducer</c>): each step is handled as it is written, sparing a
/// thread-pool wake per test (HumanEval+: about a sixth of the host's CPU); such a consumer leaves that thread
/// (<see cref="Task.Yield"/>) before anything that is not small, since the next answer is read after it.
/// A run is all-sample or all-hidden: the caller drains a run before the next starts (a sample must never run with a
/// hidden request in its channel).
/// </summary>
internal sealed class TestPipeline(WorkerSession session, int depth, bool consumeOnProducer = false)
{
    private readonly record struct InFlight(int Position, SentTest Sent, bool Started);

    /// <summary>
    /// Runs <paramref name="requests"/> in order. <paramref name="mayStart"/> is asked once per test, when its clock would
    /// start: false stops the run there (the worker is killed: the request it was given next may have started, but the
    /// test is not reported, and the steps end without a <see cref="TestRan"/> for it).
    /// </summary>
    public async IAsyncEnumerable<PipelineStep> RunAsync(IReadOnlyList<TestRequest> requests, Func<int, bool>? mayStart,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var steps = Channel.CreateUnbounded<PipelineStep>(new UnboundedChannelOptions
        {
            SingleReader = true,
            SingleWriter = true,
            AllowSynchronousContinuations = consumeOnProducer,
        });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // A consumer on the producer's thread starts the producer here (it runs to its first wait for an answer); any
        // other gets it on a task of its own.
        var producer = consumeOnProducer
            ? ProduceAsync(requests, mayStart, steps.Writer, stop.Token)
            : Task.Run(() => ProduceAsync(requests, mayStart, steps.Writer, stop.Token), CancellationToken.None);
        try
        {
            await foreach (var step in steps.Reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false)) yield return step;
        }
        finally
        {
            // Only a consumer that left early finds the producer still running: it stops, killing a worker it waits on.
            // A run that ended by itself (its steps complete; an inline consumer gets here inside the producer's last
            // write, so before the producer's task completes) has nothing to cancel: CancelAsync would hop to the pool.
            if (!steps.Reader.Completion.IsCompleted && !producer.IsCompleted) await stop.CancelAsync().ConfigureAwait(false);
            await producer.ConfigureAwait(false);
        }
    }

    private async Task ProduceAsync(IReadOnlyList<TestRequest> requests, Func<int, bool>? mayStart, ChannelWriter<PipelineStep> steps, CancellationToken cancellationToken)
    {
        try
        {
            await RunAllAsync(requests, mayStart, steps, cancellationToken).ConfigureAwait(false);
            steps.TryComplete();
        }
        catch (Exception e)
        {
            steps.TryComplete(e);
        }
    }

    private async Task RunAllAsync(IReadOnlyList<TestRequest> requests, Func<int, bool>? mayStart, ChannelWriter<PipelineStep> steps, CancellationToken cancellationToken)
    {
        var window = new Queue<InFlight>();
        WorkerProcess? worker = null;
        PreparedTest? held = null; // prepared for position `next`, not written yet
        var next = 0;
        var bytes = 0;
        var broken = false; // a write failed: the worker is gone, write nothing more to it
        long lastArrival = 0;
        while (window.Count > 0 || next < requests.Count)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (window.Count == 0)
            {
                // Nothing in flight: this test's clock starts at its write, so it is asked before anything is written.
                if (mayStart?.Invoke(next) == false) return;
                var (live, reloadFailure) = await session.WorkerAsync(cancellationToken).ConfigureAwait(false);
                if (live is null)
                {
                    steps.TryWrite(new TestRan(next, new SessionRun(null, reloadFailure)));
                    return;
                }
                worker = live;
                broken = false;
                steps.TryWrite(new TestClockStarted(next));
                Enqueue(await worker.SendTestAsync(held ?? WorkerProcess.Prepare(requests[next])).ConfigureAwait(false), started: true);
            }
            // The window is topped up a run at a time, when it is down to half: one write for the run.
            var current = worker!;
            if (window.Count <= depth / 2) await TopUpAsync(current).ConfigureAwait(false);
            var head = window.Peek();
            if (!head.Started)
            {
                // Its request waited in the channel; its clock starts now (the previous answer has just arrived).
                if (mayStart?.Invoke(head.Position) == false)
                {
                    current.Kill(KillReason.Disposed);
                    await session.RetireIfEndedAsync().ConfigureAwait(false);
                    return;
                }
                steps.TryWrite(new TestClockStarted(head.Position));
            }
            var start = Math.Max(lastArrival, head.Sent.WrittenAt);
            var (result, arrivedAt) = await current.ReceiveTestAsync(head.Sent, start, cancellationToken, leaveBigValue: true).ConfigureAwait(false);
            window.Dequeue();
            bytes -= head.Sent.Bytes;
            lastArrival = arrivedAt;
            steps.TryWrite(new TestRan(head.Position, new SessionRun(result, null)));
            // A worker that ended after answering, with requests still in flight, is read on: the answers it wrote are
            // theirs, and the test it was running when it ended gets the honest result (the channel closes on it).
            if ((result.End is not null || window.Count == 0) && await session.RetireIfEndedAsync().ConfigureAwait(false))
            {
                // The worker ended (the test's result says how): what it still held is sent again to a fresh one.
                next = head.Position + 1;
                held = null;
                bytes = 0;
                window.Clear();
            }
        }

        async Task TopUpAsync(WorkerProcess live)
        {
            var cap = live.ChannelCapacity / 2;
            var run = new List<PreparedTest>(depth);
            var runBytes = 0;
            while (!broken && next + run.Count < requests.Count && window.Count + run.Count < depth && live.IsAlive)
            {
                held ??= WorkerProcess.Prepare(requests[next + run.Count]);
                if (bytes + runBytes + held.Bytes > cap) break;
                run.Add(held);
                runBytes += held.Bytes;
                held = null;
            }
            if (run.Count == 0) return;
            var carried = held; // prepared for the position after the run, when the run stopped at the byte cap
            foreach (var sent in await live.SendTestsAsync(run).ConfigureAwait(false)) Enqueue(sent, started: false);
            held = carried;
        }

        void Enqueue(SentTest sent, bool started)
        {
            window.Enqueue(new InFlight(next, sent, started));
            bytes += sent.Bytes;
            broken |= sent.Problem is not null;
            held = null;
            next++;
        }
    }
}
