using System.Globalization;
using CodeGrader.Core.Batch;
using Spectre.Console;

namespace CodeGrader.Cli.Output;

/// <summary>
/// Shows a batch's progress on stderr from its first second: exercises prepared and submissions graded. A live bar
/// for each, with rate and time left, when stderr is a terminal (Spectre.Console); otherwise (CI logs) plain lines:
/// one at the start, one as soon as every exercise is prepared, one at the end, and in between the latest state at most
/// once a second, also while nothing finishes. Stdout stays the summary.
/// </summary>
internal sealed class BatchProgressDisplay : IProgress<BatchProgress>, IDisposable
{
    private static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(1);
    private readonly TextWriter _error;
    private readonly Lock _gate = new();
    private readonly Timer? _timer;
    private ProgressTask? _preparing;
    private ProgressTask? _grading;
    private BatchProgress? _latest;
    private BatchProgress? _printed;
    private DateTime _printedAt = DateTime.MinValue;

    private BatchProgressDisplay(TextWriter error, bool interactive)
    {
        _error = error;
        if (!interactive) _timer = new Timer(_ => Flush(), null, PlainInterval, PlainInterval);
    }

    /// <summary>Runs <paramref name="work"/> with a display suited to where stderr goes.</summary>
    public static async Task<T> RunAsync<T>(TextWriter error, bool interactive, Func<IProgress<BatchProgress>, Task<T>> work)
    {
        using var display = new BatchProgressDisplay(error, interactive);
        if (!interactive) return await work(display).ConfigureAwait(false);
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(error) });
        return await console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                display._preparing = context.AddTask("preparing exercises", maxValue: 1);
                display._grading = context.AddTask("grading", maxValue: 1);
                return await work(display).ConfigureAwait(false);
            }).ConfigureAwait(false);
    }

    public void Report(BatchProgress value)
    {
        lock (_gate)
        {
            if (_grading is { } grading && _preparing is { } preparing)
            {
                preparing.MaxValue = Math.Max(1, value.Exercises);
                preparing.Value = value.Exercises == 0 ? 1 : value.ExercisesPrepared;
                preparing.Description = Markup.Escape(Prepared(value));
                grading.MaxValue = Math.Max(1, value.Total);
                grading.Value = value.Done;
                grading.Description = Markup.Escape(Graded(value));
                return;
            }
            _latest = value;
            var first = _printed is null;
            var allPrepared = value.ExercisesPrepared == value.Exercises && _printed is { } before && before.ExercisesPrepared < before.Exercises;
            var finished = value.Done == value.Total;
            if (first || allPrepared || finished || DateTime.UtcNow - _printedAt >= PlainInterval) Print(value);
        }
    }

    public void Dispose() => _timer?.Dispose();

    /// <summary>The timer's tick: the latest state, when it has not been printed yet.</summary>
    private void Flush()
    {
        lock (_gate)
        {
            if (_latest is { } latest && !ReferenceEquals(latest, _printed)) Print(latest);
        }
    }

    private void Print(BatchProgress value)
    {
        _printed = value;
        _printedAt = DateTime.UtcNow;
        _error.WriteLine($"batch: {Graded(value)}{Remaining(value)}; {Prepared(value)}");
    }

    private static string Prepared(BatchProgress value) =>
        string.Create(CultureInfo.InvariantCulture, $"{value.ExercisesPrepared}/{value.Exercises} exercise{(value.Exercises == 1 ? "" : "s")} prepared");

    private static string Graded(BatchProgress value)
    {
        var percent = value.Total == 0 ? 100 : 100.0 * value.Done / value.Total;
        return string.Create(CultureInfo.InvariantCulture, $"{value.Done}/{value.Total} graded ({percent:0}%), {value.Rate:0.0}/s");
    }

    private static string Remaining(BatchProgress value) =>
        value.Remaining is { } left && value.Done < value.Total
            ? string.Create(CultureInfo.InvariantCulture, $", about {left.TotalSeconds:0} s left")
            : "";
}
