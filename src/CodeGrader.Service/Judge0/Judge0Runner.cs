using System.Collections.Concurrent;
using CodeGrader.Core.Engine;
using CodeGrader.Core.Execution;
using CodeGrader.Service.Storage;

namespace CodeGrader.Service.Judge0;

/// <summary>
/// Runs Judge0 submissions in the background: as many loops as the service has run slots (<see cref="ServiceOptions.RunSlotsOrDefault"/>) take ids from
/// <see cref="Judge0Queue"/>, run each program in a fresh sandboxed worker (<see cref="GradingEngine.RunProgramAsync(SubmissionSource, ReadOnlyMemory{byte}, Core.Programs.ProgramRunLimits?, CancellationToken)"/>),
/// store the result, wake a <c>wait=true</c> request and call the callback. At start, submissions left queued or
/// processing are queued again. A run under way when the host stops finishes and is stored.
/// </summary>
public sealed class Judge0Runner(
    Judge0Queue queue, IJudge0Store store, GradingEngine engine, ISubmissionCallback callback, Judge0LanguageInfo language,
    ServiceOptions options, IHostApplicationLifetime lifetime, ILogger<Judge0Runner> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<long, TaskCompletionSource> _waiting = new();

    /// <summary>Completes when submission <paramref name="id"/> has been run and stored (register before queueing it).</summary>
    public Task Finished(long id) => _waiting.GetOrAdd(id, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    /// <summary>A wait=true request that stopped waiting (it was cancelled) lets go of its id.</summary>
    public void Forget(long id) => _waiting.TryRemove(id, out _);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, lifetime.ApplicationStopping);
        var stopping = linked.Token;
        try
        {
            var recovered = await store.RequeueUnfinishedAsync(stopping).ConfigureAwait(false);
            if (recovered.Count > 0) logger.LogInformation("{Count} Judge0 submissions left from the last run are queued again", recovered.Count);
            foreach (var id in recovered) queue.EnqueueRecovered(id);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        var loops = Enumerable.Range(0, options.RunSlotsOrDefault).Select(_ => Task.Run(() => LoopAsync(stopping), CancellationToken.None));
        await Task.WhenAll(loops).ConfigureAwait(false);
    }

    private async Task LoopAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            long id;
            try
            {
                id = await queue.TakeAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            await RunAsync(id).ConfigureAwait(false);
        }
    }

    private async Task RunAsync(long id)
    {
        // Not the stopping token: a run under way finishes and is stored.
        var none = CancellationToken.None;
        try
        {
            if (!await store.TryStartAsync(id, none).ConfigureAwait(false)) return;
            var submission = await store.GetByIdAsync(id, none).ConfigureAwait(false) ?? throw new InvalidOperationException($"Judge0 submission {id} vanished");
            var request = submission.Request;
            Judge0Result result;
            try
            {
                var limits = Judge0Verdict.Limits(request.Settings, options.Judge0);
                var run = await engine.RunProgramAsync(new SubmissionSource(Judge0Language.SourceFile, request.SourceCode), request.Stdin ?? [], limits, none).ConfigureAwait(false);
                result = Judge0Verdict.From(run, request.ExpectedOutput);
            }
            catch (Exception e) when (e is SandboxUnavailableException or WorkerStartException)
            {
                logger.LogError(e, "Judge0 submission {Id} could not run", id);
                result = new Judge0Result(Judge0Statuses.InternalError, null, null, null, e.Message, null, null, null, null, null);
            }
            await store.FinishAsync(id, result, none).ConfigureAwait(false);
            if (request.Settings.CallbackUrl is { } url) await CallBackAsync(id, new Uri(url)).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Judge0 submission {Id} failed", id);
            await store.FinishAsync(id, new Judge0Result(Judge0Statuses.InternalError, null, null, null, e.Message, null, null, null, null, null), none).ConfigureAwait(false);
        }
        finally
        {
            if (_waiting.TryRemove(id, out var waiting)) waiting.TrySetResult();
        }
    }

    /// <summary>Judge0's callback body: the submission with its default fields, base64 encoded.</summary>
    private async Task CallBackAsync(long id, Uri url)
    {
        var stored = await store.GetByIdAsync(id, CancellationToken.None).ConfigureAwait(false);
        if (stored is null) return;
        var body = Judge0View.Bytes(stored, Judge0Fields.Default, base64: true, await language.NameAsync().ConfigureAwait(false));
        await callback.DeliverAsync(url, body, CancellationToken.None).ConfigureAwait(false);
    }
}
