using System.Reflection;
using CodeGrader.Core.Execution;
using CodeGrader.Core.Grading;
using CodeGrader.Core.Values;
using CodeGrader.Core.Results;

namespace CodeGrader.Core.Trusted;

/// <summary>
/// A trusted worker running the host's own helper module (codegrader_tools.py) and the exercise's checker: author code
/// stays out of the host's process (a checker that loops is killed with its worker). Unconfined, because it never holds a
/// candidate's code: candidates' values reach it only as Python source written by <see cref="PythonSource"/>, which
/// escapes everything.
/// </summary>
/// <remarks>
/// Compile checks and <c>expect_py</c> literals moved to the host's Python (InHost/HostTools.cs, issue 9); the bench's
/// <c>prepare</c> measures that against the same work evaluated here (<see cref="EvaluateAsync"/>).
/// </remarks>
internal sealed class TrustedTools : IAsyncDisposable
{
    public const string ModuleFileName = "codegrader_tools.py";

    private static readonly Lazy<byte[]> Source = new(() =>
    {
        using var stream = typeof(TrustedTools).Assembly.GetManifestResourceStream("CodeGrader.Core.Trusted.codegrader_tools.py")
            ?? throw new InvalidOperationException("The trusted tools module is not embedded in CodeGrader.Core.");
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    });

    private readonly WorkerSession _session;

    private TrustedTools(WorkerSession session) => _session = session;

    /// <summary>Starts the worker; each request may take <paramref name="timePerRequest"/>.</summary>
    public static async Task<TrustedTools> StartAsync(WorkerOptions worker, TimeSpan timePerRequest, CancellationToken cancellationToken)
    {
        var options = worker with
        {
            Confinement = NoConfinement.Instance,
            Limits = worker.Limits with { TimePerTest = timePerRequest, CpuTime = TimeSpan.FromMinutes(30), OutputBytes = 1 << 20 },
        };
        var session = new WorkerSession(options, new LoadRequest(new SubmissionSource(ModuleFileName, Source.Value)));
        var tools = new TrustedTools(session);
        try
        {
            var load = await session.StartAsync(cancellationToken).ConfigureAwait(false);
            if (!load.Succeeded) throw new WorkerStartException($"The trusted tools module did not load: {load.Message ?? load.Error?.ToString() ?? load.Status.ToString()}");
            return tools;
        }
        catch
        {
            await tools.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Evaluates an expression in the tools module's namespace.</summary>
    public async Task<TestRunResult> EvaluateAsync(string expression, CancellationToken cancellationToken)
    {
        var run = await _session.RunAsync(TestRequest.ForCall(expression), cancellationToken).ConfigureAwait(false);
        return run.Result ?? throw new WorkerStartException($"The trusted tools worker could not be restarted: {run.ReloadFailure?.Message}");
    }

    public ValueTask DisposeAsync() => _session.DisposeAsync();
}
