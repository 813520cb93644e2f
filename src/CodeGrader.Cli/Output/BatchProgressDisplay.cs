using System.Globalization;
using CodeGrader.Core.Batch;
using Spectre.Console;

namespace CodeGrader.Cli.Output;

/// <summary>
/// Shows a batch's progress on stderr: a live bar with rate and time left when stderr is a terminal (Spectre.Console),
/// plain lines every few seconds otherwise (CI logs), so stdout stays the summary.
/// </summary>
internal sealed class BatchProgressDisplay : IProgress<BatchProgress>
{
    private static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(5);
    private readonly TextWriter _error;
    private readonly Lock _gate = new();
    private ProgressTask? _task;
    private TimeSpan _lastPlain = TimeSpan.MinValue;

    private BatchProgressDisplay(TextWriter error) => _error = error;

    /// <summary>Runs <paramref name="work"/> with a display suited to where stderr goes.</summary>
    public static async Task<T> RunAsync<T>(TextWriter error, bool interactive, Func<IProgress<BatchProgress>, Task<T>> work)
    {
        var display = new BatchProgressDisplay(error);
        if (!interactive) return await work(display).ConfigureAwait(false);
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(error) });
        return await console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                display._task = context.AddTask("grading", maxValue: 1);
                return await work(display).ConfigureAwait(false);
            }).ConfigureAwait(false);
    }

    public void Report(BatchProgress value)
    {
        lock (_gate)
        {
            if (_task is { } task)
            {
                task.MaxValue = Math.Max(1, value.Total);
                task.Value = value.Done;
                task.Description = Markup.Escape(Line(value, withRemaining: false));
                return;
            }
            var finished = value.Done == value.Total;
            if (!finished && value.Done > 0 && value.Elapsed - _lastPlain < PlainInterval) return;
            _lastPlain = value.Elapsed;
            _error.WriteLine("batch: " + Line(value, withRemaining: true));
        }
    }

    private static string Line(BatchProgress value, bool withRemaining)
    {
        var percent = value.Total == 0 ? 100 : 100.0 * value.Done / value.Total;
        var text = string.Create(CultureInfo.InvariantCulture, $"{value.Done}/{value.Total} graded ({percent:0}%), {value.Rate:0.0}/s");
        if (withRemaining && value.Remaining is { } left && value.Done < value.Total)
            text += string.Create(CultureInfo.InvariantCulture, $", about {left.TotalSeconds:0} s left");
        return text;
    }
}
