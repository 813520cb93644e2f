using System.CommandLine;
using System.Diagnostics;
using CodeGrader.Cli.Output;
using CodeGrader.Cli.Hosting;
using CodeGrader.Core.Batch;
using CodeGrader.Core.Grading;
using CodeGrader.Core.Reports;
using CodeGrader.Core.Results;

namespace CodeGrader.Cli.Commands;

/// <summary>
/// <c>codegrader batch &lt;exercise-dir&gt; &lt;submissions&gt;</c>: grades a folder, a glob or a manifest of submissions in
/// parallel, streaming results.jsonl and writing report.json, junit.xml, results.csv and summary.json under --out.
/// </summary>
internal static class BatchCommand
{
    public static Command Create()
    {
        var exercise = new Argument<string>("exercise-dir") { Description = "The exercise folder; with a manifest, the default for lines that name none ('-' for none)." };
        var submissions = new Argument<string>("submissions") { Description = "A folder (every .py under it), a glob ('subs/*/solution.py'), or a manifest (.tsv/.csv: submission[,exercise-dir] per line)." };
        var jobs = new Option<int>("--jobs", "-j") { Description = "Submissions graded at once.", DefaultValueFactory = _ => Environment.ProcessorCount };
        var outDir = new Option<DirectoryInfo>("--out", "-o") { Description = "Folder for the outputs.", DefaultValueFactory = _ => new DirectoryInfo("codegrader-results") };
        var resume = new Option<bool>("--resume") { Description = "Keep the results of an interrupted run in --out and grade only what is missing." };
        var view = new Option<ReportView>("--view") { Description = "author (everything) or candidate (hidden tests show only name, status and time).", DefaultValueFactory = _ => ReportView.Author };
        var noSandbox = CommonOptions.NoSandbox();
        var python = CommonOptions.PythonLibrary();
        var cacheDir = CommonOptions.CacheDirectory();
        var noCache = CommonOptions.NoCache();
        var verbose = CommonOptions.Verbose();
        var command = new Command("batch", "Grade many submissions in parallel, each in its own fresh sandboxed worker.")
        {
            exercise, submissions, jobs, outDir, resume, view, noSandbox, python, cacheDir, noCache, verbose,
        };
        command.SetAction((parse, cancellation) => CommandGuard.RunAsync(parse, () => RunAsync(parse, new Arguments(
            parse.GetValue(exercise)!, parse.GetValue(submissions)!, parse.GetValue(jobs), parse.GetValue(outDir)!, parse.GetValue(resume),
            parse.GetValue(view), parse.GetValue(noSandbox), parse.GetValue(python), new CacheFlags(parse.GetValue(cacheDir), parse.GetValue(noCache)),
            parse.GetValue(verbose)), cancellation)));
        return command;
    }

    private sealed record Arguments(
        string Exercise, string Submissions, int Jobs, DirectoryInfo Out, bool Resume, ReportView View, bool NoSandbox, string? Python, CacheFlags Cache, bool Verbose);

    private static async Task<int> RunAsync(ParseResult parse, Arguments args, CancellationToken cancellation)
    {
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        if (args.Jobs < 1)
        {
            await error.WriteLineAsync("codegrader: --jobs must be at least 1").ConfigureAwait(false);
            return ExitCodes.BadUsage;
        }
        IReadOnlyList<BatchItem> items;
        try
        {
            items = SubmissionSet.Expand(args.Submissions, args.Exercise == "-" ? null : args.Exercise);
        }
        catch (BatchInputException e)
        {
            await error.WriteLineAsync($"codegrader: {e.Message}").ConfigureAwait(false);
            return ExitCodes.BadUsage;
        }

        await using var cli = CliEngine.Create(args.NoSandbox, args.Python, args.Verbose, args.Jobs, args.Cache);
        var engine = cli.Engine;
        var sandbox = engine.CandidateSandbox(); // fail closed before any work
        if (!sandbox.Confined) await error.WriteLineAsync($"codegrader: warning: the sandbox is off: {sandbox.Description}").ConfigureAwait(false);

        var outDir = args.Out.FullName;
        var batch = new BatchOptions { Jobs = args.Jobs, OutputDirectory = outDir, Resume = args.Resume, View = args.View };
        var interactive = !Console.IsErrorRedirected && ReferenceEquals(error, Console.Error) && Environment.GetEnvironmentVariable("CI") is null;
        var run = await BatchProgressDisplay.RunAsync(error, interactive,
            progress => new BatchRunner(engine, batch).RunAsync(items, progress, cancellation)).ConfigureAwait(false);
        foreach (var (directory, diagnostics) in run.InvalidExercises)
        {
            await error.WriteLineAsync($"codegrader: the exercise in {directory} is invalid; its submissions were not graded:").ConfigureAwait(false);
            DiagnosticListPrinter.Print(error, diagnostics);
        }
        var summary = run.Summary;
        BatchSummaryPrinter.Print(output, summary, run, outDir, ColorPolicy.Enabled(output, null));
        if (run.Interrupted) return ExitCodes.Interrupted;
        if (!run.InvalidExercises.IsEmpty) return ExitCodes.BadUsage;
        if (summary.Verdicts.Any(v => v.Key == VerdictRules.Name(Verdict.InternalError))) return ExitCodes.InternalError;
        return summary.Verdicts.All(v => v.Key == VerdictRules.Name(Verdict.Accepted)) ? ExitCodes.Accepted : ExitCodes.NotAccepted;
    }
}
