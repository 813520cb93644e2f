using System.Collections.Concurrent;
using System.Globalization;
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
/// The grading loops: a fixed number of them take jobs from the queue and grade each with the exercise version it was
/// submitted against, publishing every finished test live. A job is completed (acknowledged) only after its result is
/// stored, and a result is stored only over an unfinished submission, so a job taken twice (its first taker lost) still
/// gives one result. A job whose takers died <see cref="ServiceOptions.MaxAttempts"/> times ends as internal_error
/// instead of being tried again. At start, the recoveries given (serve's) queue again what the last run left. On stop,
/// no new grading starts; those under way finish within the host's shutdown timeout, else their jobs stay in the queue
/// (for the next start, or for another worker after the lease).
/// </summary>
public sealed class GradingService(
    IGradingQueue queue, ISubmissionStore submissions, IExerciseStore exercises, ExerciseCatalog catalog, GradingEngine engine,
    IGradingEvents events, IEnumerable<IQueueRecovery> recoveries, FinishedResults finished, ServiceMetrics metrics, ServiceOptions options,
    IHostApplicationLifetime lifetime,
    ILogger<GradingService> logger) : BackgroundService
{
    public const string FileName = "solution.py";

    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

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
            foreach (var recovery in recoveries) await recovery.RecoverAsync(stopping).ConfigureAwait(false);
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
            GradingJob job;
            try
            {
                job = await queue.TakeAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning("The {Kind} queue could not be read ({Message}); trying again", queue.Kind, e.Message);
                try
                {
                    await Task.Delay(RetryDelay, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                continue;
            }
            await HandleAsync(job).ConfigureAwait(false);
        }
    }

    private async Task HandleAsync(GradingJob job)
    {
        try
        {
            if (await GradeAsync(job).ConfigureAwait(false)) await queue.CompleteAsync(job, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // The store or the queue failed: the job is not completed, so it is taken again (after the lease, with Redis;
            // at the next start, in process) and the conditional store keeps its result single.
            logger.LogError(e, "Submission {Id} (attempt {Attempt}) was left to be taken again", job.SubmissionId, job.Attempt);
            queue.Abandon(job);
        }
    }

    /// <summary>Grades the job and stores its end; true when the job is done with (its result stored, or none needed).</summary>
    private async Task<bool> GradeAsync(GradingJob job)
    {
        var id = job.SubmissionId;
        // Deliberately not the stopping token: a grading under way finishes, and its result is stored.
        var none = CancellationToken.None;
        if (job.Attempt > options.MaxAttempts)
        {
            var diagnostic = string.Create(CultureInfo.InvariantCulture,
                $"Grading this submission was attempted {job.Attempt - 1} times and each time the grading worker was killed or lost before it stored a result; it is not tried again (limit {options.MaxAttempts}).");
            logger.LogError("Submission {Id}: {Diagnostic}", id, diagnostic);
            if (await submissions.FinishAsync(id, SubmissionStatus.Failed, VerdictRules.Name(Verdict.InternalError), null, null, diagnostic, none).ConfigureAwait(false))
                await finished.RecordAsync(id).ConfigureAwait(false);
            events.End(id);
            return true;
        }

        using var cancellation = new CancellationTokenSource();
        _running[id] = cancellation; // before it starts, so a cancel in between is not lost
        metrics.GradingStarted();
        try
        {
            if (!await submissions.TryStartAsync(id, job.Attempt, none).ConfigureAwait(false)) // cancelled while queued, or already ended
            {
                await finished.RecordAsync(id).ConfigureAwait(false);
                return true;
            }
            try
            {
                var submission = await submissions.GetAsync(id, none).ConfigureAwait(false) ?? throw new InvalidOperationException($"submission {id} vanished");
                var stored = await exercises.VersionAsync(submission.Exercise, submission.ExerciseVersion, none).ConfigureAwait(false)
                    ?? throw new InvalidOperationException($"exercise {submission.Exercise} version {submission.ExerciseVersion} is not stored");
                var prepared = await catalog.PrepareAsync(stored, cancellation.Token).ConfigureAwait(false);
                var source = new SubmissionSource(FileName, Encoding.UTF8.GetBytes(submission.Source));
                var report = await engine.GradeAsync(prepared, source, e => events.Publish(id, e), cancellation.Token).ConfigureAwait(false);
                cancellation.Token.ThrowIfCancellationRequested();
                var verdict = VerdictRules.Name(report.Verdict);
                if (await submissions.FinishAsync(id, SubmissionStatus.Graded, verdict, report.Score, ReportJson.Write(report), null, none).ConfigureAwait(false))
                    metrics.Graded(verdict, submission.CreatedAt);
                else
                    logger.LogWarning("Submission {Id} had already ended; this grading (attempt {Attempt}) is dropped", id, job.Attempt);
            }
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
            {
                await submissions.FinishAsync(id, SubmissionStatus.Cancelled, null, null, null, null, none).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                logger.LogError(e, "Submission {Id} could not be graded", id);
                await submissions.FinishAsync(id, SubmissionStatus.Failed, null, null, null, e.Message, none).ConfigureAwait(false);
            }
            await finished.RecordAsync(id).ConfigureAwait(false); // once it has ended, whoever ended it: the delivery is recorded once
            return true;
        }
        finally
        {
            metrics.GradingEnded();
            _running.TryRemove(id, out _);
            events.End(id);
        }
    }
}
