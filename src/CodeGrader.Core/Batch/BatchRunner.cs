using System.Buffers;
using System.Collections.Immutable;
using System.Diagnostics;
using CodeGrader.Core.Diagnostics;
using CodeGrader.Core.Engine;
using CodeGrader.Core.Execution;
using CodeGrader.Core.Grading;
using CodeGrader.Core.Reports;
using CodeGrader.Core.Results;

namespace CodeGrader.Core.Batch;

/// <summary>What a batch run did: how many it graded, how many were already done, whether it was interrupted, and
/// which exercises were invalid (each with its diagnostics; their submissions were given internal-error results).</summary>
public sealed record BatchRun(int Graded, int AlreadyDone, int Total, bool Interrupted, TimeSpan Elapsed)
{
    public ImmutableSortedDictionary<string, ImmutableArray<Diagnostic>> InvalidExercises { get; init; } =
        ImmutableSortedDictionary<string, ImmutableArray<Diagnostic>>.Empty.WithComparers(StringComparer.Ordinal);

    /// <summary>Exercises this run prepared (valid or not).</summary>
    public int ExercisesPrepared { get; init; }

    /// <summary>Of those, the ones whose expected values came from the engine's disk cache (the reference did not run).</summary>
    public int ExercisesFromDiskCache { get; init; }

    /// <summary>The engine's cache of expected values (<see cref="GradingEngineOptions.CacheDirectory"/>); null when it has none.</summary>
    public string? CacheDirectory { get; init; }

    /// <summary>Every report in results.jsonl summed up, earlier runs' included, as summary.json has it.</summary>
    public required BatchSummary Summary { get; init; }
}

/// <summary>
/// A batch on disk: grades the submissions with <see cref="GradingEngine.GradeManyAsync"/> (in parallel, each in its own
/// fresh worker, exercises prepared while grading goes on) and appends each report to results.jsonl as soon as it is
/// finished, adds it to the batch's documents (<see cref="BatchDocuments"/>, put in place when the run ends), then
/// forgets it, so memory does not grow with the batch. A submission cut short by cancellation is not written: a resumed
/// run grades it again.
/// </summary>
public sealed class BatchRunner(GradingEngine engine, BatchOptions options)
{
    public async Task<BatchRun> RunAsync(IReadOnlyList<BatchItem> items, IProgress<BatchProgress>? progress, CancellationToken cancellationToken)
    {
        using var log = ResultsLog.Open(options.OutputDirectory, options.Resume);
        using var documents = new BatchDocumentsWriter(options.OutputDirectory);
        foreach (var (kept, _) in ResultsLog.Lines(log.Path)) documents.Add(kept); // an earlier run's, when resuming
        using var preparations = PreparationLog.Create(options.OutputDirectory);
        var pending = new List<(GradeJob Job, BatchItem Item)>();
        var alreadyDone = 0;
        foreach (var item in items)
        {
            var bytes = await File.ReadAllBytesAsync(item.SubmissionPath, cancellationToken).ConfigureAwait(false);
            var key = BatchKey.For(item, bytes);
            if (log.Completed.Contains(key)) alreadyDone++;
            else pending.Add((new GradeJob(item.ExerciseDirectory, new SubmissionSource(item.Name, bytes), key), item));
        }
        var paths = pending.ToDictionary(p => p.Job.Key!, p => p.Item.SubmissionPath, StringComparer.Ordinal);

        var clock = Stopwatch.StartNew();
        var verdicts = ImmutableDictionary<Verdict, int>.Empty;
        var invalid = ImmutableSortedDictionary<string, ImmutableArray<Diagnostic>>.Empty.WithComparers(StringComparer.Ordinal);
        var done = 0;
        var gate = new Lock();
        var state = new BatchProgress(0, pending.Count, TimeSpan.Zero, verdicts, null)
        {
            Exercises = pending.Select(p => p.Job.ExerciseDirectory).Distinct(StringComparer.Ordinal).Count(),
        };
        void Report(Func<BatchProgress, BatchProgress> change)
        {
            lock (gate)
            {
                state = change(state) with { Elapsed = clock.Elapsed };
                progress?.Report(state);
            }
        }
        Report(s => s);
        var fromDisk = 0;
        var prepared = new Progress(e =>
        {
            preparations.Append(e);
            if (e.FromDiskCache) Interlocked.Increment(ref fromDisk);
            Report(s => s with { ExercisesPrepared = Math.Max(s.ExercisesPrepared, e.Prepared) });
        });
        var interrupted = false;
        var line = new ArrayBufferWriter<byte>(1 << 16); // each report's line, written through the same buffer
        try
        {
            await foreach (var graded in engine.GradeManyAsync(pending.Select(p => p.Job), prepared, cancellationToken).ConfigureAwait(false))
            {
                var key = graded.Job.Key!;
                line.ResetWrittenCount();
                KeyValuePair<string, string>[] extra = graded.GraderFailed
                    ? [new("key", key), new("path", paths[key]), new(ResultsLog.RetryField, ResultsLog.GraderFailed)]
                    : [new("key", key), new("path", paths[key])];
                JsonReportWriter.WriteLine(line, ReportViews.For(graded.Report, options.View), extra);
                log.Append(line.WrittenSpan);
                documents.Add(line.WrittenMemory);
                if (graded.ExerciseInvalid) invalid = invalid.SetItem(graded.Job.ExerciseDirectory, graded.ExerciseDiagnostics);
                done++;
                verdicts = verdicts.SetItem(graded.Report.Verdict, verdicts.GetValueOrDefault(graded.Report.Verdict) + 1);
                var (count, tally, last) = (done, verdicts, $"{graded.Job.Submission.FileName}: {VerdictRules.Name(graded.Report.Verdict)}");
                Report(s => s with { Done = count, Verdicts = tally, Last = last });
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            interrupted = true;
        }
        return new BatchRun(done, alreadyDone, items.Count, interrupted, clock.Elapsed)
        {
            Summary = documents.Finish(),
            InvalidExercises = invalid,
            ExercisesPrepared = state.ExercisesPrepared,
            ExercisesFromDiskCache = fromDisk,
            CacheDirectory = engine.Options.CacheDirectory,
        };
    }

    /// <summary>Calls back on the reporting thread (<see cref="Progress{T}"/> would post to a captured context, late and out of order).</summary>
    private sealed class Progress(Action<ExercisePrepared> report) : IProgress<ExercisePrepared>
    {
        public void Report(ExercisePrepared value) => report(value);
    }
}
