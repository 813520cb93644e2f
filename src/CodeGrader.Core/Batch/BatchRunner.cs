using System.Collections.Immutable;
using System.Diagnostics;
using CodeGrader.Core.Execution;
using CodeGrader.Core.Grading;
using CodeGrader.Core.Reports;

namespace CodeGrader.Core.Batch;

/// <summary>What a batch run did: how many it graded, how many were already done, and whether it was interrupted.</summary>
public sealed record BatchRun(int Graded, int AlreadyDone, int Total, bool Interrupted, TimeSpan Elapsed);

/// <summary>
/// Grades many submissions in parallel, each in its own fresh worker taken from a pool started ahead. Each report is
/// appended to results.jsonl as soon as it is finished and then forgotten, so memory does not grow with the batch.
/// A submission cut short by cancellation is not written: a resumed run grades it again.
/// </summary>
public sealed class BatchRunner(GradingOptions grading, BatchOptions options)
{
    public async Task<BatchRun> RunAsync(
        IReadOnlyList<BatchItem> items, IReadOnlyDictionary<string, PreparedExercise> exercises,
        IProgress<BatchProgress>? progress, CancellationToken cancellationToken)
    {
        using var log = ResultsLog.Open(options.OutputDirectory, options.Resume);
        var pending = new List<(BatchItem Item, string Key)>();
        var alreadyDone = 0;
        foreach (var item in items)
        {
            var key = BatchKey.For(item, await File.ReadAllBytesAsync(item.SubmissionPath, cancellationToken).ConfigureAwait(false));
            if (log.Completed.Contains(key)) alreadyDone++;
            else pending.Add((item, key));
        }

        await using var pool = new PooledWorkerSources(Math.Max(1, options.Jobs));
        var grader = new Grader(grading with { WorkerSources = pool });
        var clock = Stopwatch.StartNew();
        var verdicts = ImmutableDictionary<Verdict, int>.Empty;
        var done = 0;
        var gate = new Lock();
        progress?.Report(new BatchProgress(0, pending.Count, TimeSpan.Zero, verdicts, null));
        var interrupted = false;
        try
        {
            await Parallel.ForEachAsync(pending, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Jobs), CancellationToken = cancellationToken },
                async (entry, token) =>
                {
                    var source = new SubmissionSource(entry.Item.Name, await File.ReadAllBytesAsync(entry.Item.SubmissionPath, token).ConfigureAwait(false));
                    var report = await grader.GradeAsync(exercises[entry.Item.ExerciseDirectory], source, token).ConfigureAwait(false);
                    token.ThrowIfCancellationRequested(); // a report cut short by cancellation is never written
                    var line = JsonReportWriter.ToLine(ReportViews.For(report, options.View), [new("key", entry.Key), new("path", entry.Item.SubmissionPath)]);
                    log.Append(line);
                    BatchProgress snapshot;
                    lock (gate)
                    {
                        done++;
                        verdicts = verdicts.SetItem(report.Verdict, verdicts.GetValueOrDefault(report.Verdict) + 1);
                        snapshot = new BatchProgress(done, pending.Count, clock.Elapsed, verdicts, $"{entry.Item.Name}: {VerdictRules.Name(report.Verdict)}");
                    }
                    progress?.Report(snapshot);
                }).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            interrupted = true;
        }
        return new BatchRun(done, alreadyDone, items.Count, interrupted, clock.Elapsed);
    }
}
