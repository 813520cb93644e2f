using System.Collections.Concurrent;
using System.Text;
using CodeGrader.Core.Engine;
using CodeGrader.Core.Execution;
using CodeGrader.Core.Results;
using CodeGrader.Service.Exercises;
using CodeGrader.Service.Operations;
using CodeGrader.Service.Reports;
using CodeGrader.Service.Storage;

namespace CodeGrader.Service.Submissions;

/// <summary>
/// The grading loops: a fixed number of them take ids from the queue and grade each with the exercise version it was
/// submitted against, publishing every finished test live and storing the report before the submission counts as
/// graded. At start, submissions left queued or running by the last run are queued again. On stop, no new grading
/// starts; those under way finish (within the host's shutdown timeout, else they stay queued for the next start).
/// </summary>
public sealed class GradingService(
    GradingQueue queue, ISubmissionStore submissions, IExerciseStore exercises, ExerciseCatalog catalog,
    GradingEngine engine, SubmissionEvents events, FinishedResults finished, ServiceMetrics metrics, ServiceOptions options, IHostApplicationLifetime lifetime,
    ILogger<GradingService> logger) : BackgroundService
{
    public const string FileName = "solution.py";

    private readonly ConcurrentDictionary<long, CancellationTokenSource> _running = new();

    /// <summary>Submissions being graded now.</summary>
    public int Busy => _running.Count;

    /// <summary>Stops a submission being graded now; false when it is not being graded here.</summary>
    public bool CancelRunning(long id)
    {
        if (!_running.TryGetValue(id, out var cancellation)) return false;
        cancellation.Cancel();
        return true;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // No new grading starts once the host begins to stop (before the web server has drained its requests).
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, lifetime.ApplicationStopping);
        var stopping = linked.Token;
        var loops = Enumerable.Range(0, options.GradingLoops).Select(_ => Task.Run(() => LoopAsync(stopping), CancellationToken.None)).ToList();
        try
        {
            var recovered = await submissions.RequeueUnfinishedAsync(stopping).ConfigureAwait(false);
            if (recovered.Count > 0) logger.LogInformation("{Count} submissions left from the last run are queued again", recovered.Count);
            foreach (var id in recovered) await queue.EnqueueRecoveredAsync(id, stopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
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
            await GradeAsync(id).ConfigureAwait(false);
        }
    }

    private async Task GradeAsync(long id)
    {
        // Deliberately not the stopping token: a grading under way finishes, and its result is stored.
        var none = CancellationToken.None;
        using var cancellation = new CancellationTokenSource();
        metrics.GradingStarted();
        try
        {
            _running[id] = cancellation; // before it starts, so a cancel in between is not lost
            if (!await submissions.TryStartAsync(id, none).ConfigureAwait(false)) // cancelled while queued
            {
                await finished.RecordAsync(id).ConfigureAwait(false);
                return;
            }
            var submission = await submissions.GetAsync(id, none).ConfigureAwait(false) ?? throw new InvalidOperationException($"submission {id} vanished");
            var stored = await exercises.VersionAsync(submission.Exercise, submission.ExerciseVersion, none).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"exercise {submission.Exercise} version {submission.ExerciseVersion} is not stored");
            var prepared = await catalog.PrepareAsync(stored, cancellation.Token).ConfigureAwait(false);
            var source = new SubmissionSource(FileName, Encoding.UTF8.GetBytes(submission.Source));
            var report = await engine.GradeAsync(prepared, source, e => events.Publish(id, e), cancellation.Token).ConfigureAwait(false);
            cancellation.Token.ThrowIfCancellationRequested();
            var verdict = VerdictRules.Name(report.Verdict);
            await submissions.FinishAsync(id, SubmissionStatus.Graded, verdict, report.Score, ReportJson.Write(report), null, none).ConfigureAwait(false);
            metrics.Graded(verdict, submission.CreatedAt);
            await finished.RecordAsync(id).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            await submissions.FinishAsync(id, SubmissionStatus.Cancelled, null, null, null, null, none).ConfigureAwait(false);
            await finished.RecordAsync(id).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Submission {Id} could not be graded", id);
            await submissions.FinishAsync(id, SubmissionStatus.Failed, null, null, null, e.Message, none).ConfigureAwait(false);
            await finished.RecordAsync(id).ConfigureAwait(false);
        }
        finally
        {
            metrics.GradingEnded();
            _running.TryRemove(id, out _);
            events.End(id);
        }
    }
}
