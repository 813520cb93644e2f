using System.Globalization;
using CodeGrader.Core.Batch;
using Spectre.Console;

namespace CodeGrader.Cli.Output;

/// <summary>The closing summary of a batch: verdict counts, score bands, the slowest submissions, and the tests that caught the most.</summary>
internal static class BatchSummaryPrinter
{
    public static void Print(TextWriter output, BatchSummary summary, BatchRun run, string outputDirectory, bool color)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = color ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = color ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
        });
        console.Profile.Width = Math.Max(console.Profile.Width, 100);
        var state = run.Interrupted ? "interrupted" : "done";
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"batch {state}: {run.Graded} graded now, {run.AlreadyDone} already done, {run.Total - run.Graded - run.AlreadyDone} left; {summary.Submissions} in the results; {run.Elapsed.TotalSeconds:0.0} s"));
        if (run.ExercisesPrepared > 0)
        {
            console.WriteLine(run.CacheDirectory is null
                ? string.Create(CultureInfo.InvariantCulture, $"exercises: {run.ExercisesPrepared} prepared (cache of expected values off)")
                : string.Create(CultureInfo.InvariantCulture, $"exercises: {run.ExercisesPrepared} prepared, {run.ExercisesFromDiskCache} with expected values from the cache"));
        }
        if (summary.Unconfined > 0) console.WriteLine($"warning: {summary.Unconfined} submissions were graded with the sandbox off");

        var verdicts = new Table().Title("verdicts").AddColumn("verdict").AddColumn(new TableColumn("submissions").RightAligned());
        foreach (var (verdict, count) in summary.Verdicts) verdicts.AddRow(verdict, count.ToString(CultureInfo.InvariantCulture));
        var scores = new Table().Title(string.Create(CultureInfo.InvariantCulture, $"scores (mean {summary.MeanScore:0.0})"))
            .AddColumn("score").AddColumn(new TableColumn("submissions").RightAligned());
        foreach (var band in summary.Scores) scores.AddRow(band.Range, band.Count.ToString(CultureInfo.InvariantCulture));
        console.Write(new Columns(verdicts, scores).Collapse());

        if (!summary.Slowest.IsEmpty)
        {
            var slowest = new Table().Title("slowest submissions").AddColumn("submission").AddColumn(new TableColumn("time").RightAligned()).AddColumn("verdict");
            foreach (var slow in summary.Slowest)
                slowest.AddRow(Markup.Escape(slow.Submission), string.Create(CultureInfo.InvariantCulture, $"{slow.TotalMs:0} ms"), slow.Verdict);
            console.Write(slowest);
        }
        if (!summary.CatchingTests.IsEmpty)
        {
            var catching = new Table().Title("tests that failed the most submissions").AddColumn("exercise").AddColumn("test").AddColumn(new TableColumn("submissions").RightAligned());
            foreach (var test in summary.CatchingTests)
                catching.AddRow(Markup.Escape(test.Exercise), Markup.Escape(test.Test), test.Caught.ToString(CultureInfo.InvariantCulture));
            console.Write(catching);
        }
        console.WriteLine($"outputs: {outputDirectory}/{{{ResultsLog.FileName}, {BatchDocuments.ReportFile}, {BatchDocuments.JUnitFile}, {BatchDocuments.CsvFile}, {BatchDocuments.SummaryFile}}}");
        foreach (var (directory, diagnostics) in run.InvalidExercises)
        {
            var errors = diagnostics.Count(d => d.Severity == CodeGrader.Core.Diagnostics.DiagnosticSeverity.Error);
            console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"invalid exercise: {directory} ({errors} error{(errors == 1 ? "" : "s")}; its submissions have internal_error results; see above, or run codegrader verify)"));
        }
        if (run.Interrupted) console.WriteLine("rerun with --resume to grade the rest; nothing already graded is lost or graded twice");
    }
}
