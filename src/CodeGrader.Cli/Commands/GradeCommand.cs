using System.CommandLine;
using System.Diagnostics;
using CodeGrader.Cli.Output;
using CodeGrader.Cli.Hosting;
using CodeGrader.Core.Execution;
using CodeGrader.Core.Grading;
using CodeGrader.Core.Reports;
using CodeGrader.Core.Results;

namespace CodeGrader.Cli.Commands;

/// <summary><c>codegrader grade &lt;exercise-dir&gt; &lt;solution.py&gt;</c>: grade one submission and print the report.</summary>
internal static class GradeCommand
{
    public static Command Create()
    {
        var exercise = new Argument<DirectoryInfo>("exercise-dir") { Description = "The exercise folder (with exercise.yaml)." };
        var solution = new Argument<FileInfo>("solution") { Description = "The submitted Python file." };
        var format = new Option<ReportFormat>("--format", "-f") { Description = "Report format: text, json or junit.", DefaultValueFactory = _ => ReportFormat.Text };
        var view = new Option<ReportView>("--view") { Description = "author (everything) or candidate (hidden tests show only name, status and time).", DefaultValueFactory = _ => ReportView.Author };
        var outFile = new Option<FileInfo?>("--out", "-o") { Description = "Write the report to this file instead of standard output." };
        var noSandbox = new Option<bool>("--no-sandbox") { Description = "Run the submission without the sandbox (only for code you trust); every report says so." };
        var python = CommonOptions.PythonLibrary();
        var cacheDir = CommonOptions.CacheDirectory();
        var noCache = CommonOptions.NoCache();
        var verbose = CommonOptions.Verbose();
        var command = new Command("grade", "Grade a solution against an exercise's tests, in a fresh sandboxed worker.")
        {
            exercise, solution, format, view, outFile, noSandbox, python, cacheDir, noCache, verbose,
        };
        command.SetAction((parse, cancellation) => CommandGuard.RunAsync(parse, () => GradeAsync(parse, new Arguments(
            parse.GetValue(exercise)!, parse.GetValue(solution)!, parse.GetValue(format), parse.GetValue(view), parse.GetValue(outFile),
            parse.GetValue(noSandbox), parse.GetValue(python), new CacheFlags(parse.GetValue(cacheDir), parse.GetValue(noCache)), parse.GetValue(verbose)), cancellation)));
        return command;
    }

    private sealed record Arguments(
        DirectoryInfo Exercise, FileInfo Solution, ReportFormat Format, ReportView View, FileInfo? Out, bool NoSandbox, string? Python, CacheFlags Cache, bool Verbose);

    private static async Task<int> GradeAsync(ParseResult parse, Arguments args, CancellationToken cancellation)
    {
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        if (!args.Solution.Exists)
        {
            await error.WriteLineAsync($"codegrader: no such file: {args.Solution.FullName}").ConfigureAwait(false);
            return ExitCodes.BadUsage;
        }
        await using var cli = CliEngine.Create(args.NoSandbox, args.Python, args.Verbose, cache: args.Cache);
        var engine = cli.Engine;
        engine.CandidateSandbox(); // fail closed before any work: no sandbox and no --no-sandbox is exit 3

        var clock = Stopwatch.StartNew();
        var preparation = await engine.PrepareExerciseAsync(args.Exercise.ToString(), cancellation).ConfigureAwait(false);
        DiagnosticListPrinter.Print(error, preparation.Diagnostics);
        if (preparation.Exercise is not { } prepared) return ExitCodes.BadUsage;
        var prepareMs = clock.Elapsed.TotalMilliseconds;

        var report = await engine.GradeAsync(prepared, SubmissionSource.FromFile(args.Solution.FullName), null, cancellation).ConfigureAwait(false);
        report = report with { Timings = report.Timings with { PrepareMs = prepareMs, TotalMs = report.Timings.TotalMs + prepareMs } };
        var outPath = args.Out?.FullName;
        var text = ReportWriters.Render(report, args.Format, args.View, ColorPolicy.Enabled(output, outPath) && args.Format == ReportFormat.Text);
        if (outPath is null)
        {
            await output.WriteAsync(text).ConfigureAwait(false);
        }
        else
        {
            try
            {
                await File.WriteAllTextAsync(outPath, text, cancellation).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                await error.WriteLineAsync($"codegrader: cannot write the report to {outPath}: {e.Message}").ConfigureAwait(false);
                return ExitCodes.BadUsage;
            }
        }
        return report.Verdict switch
        {
            Verdict.Accepted => ExitCodes.Accepted,
            Verdict.InternalError => ExitCodes.InternalError,
            _ => ExitCodes.NotAccepted,
        };
    }
}
