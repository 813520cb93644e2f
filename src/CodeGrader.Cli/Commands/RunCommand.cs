using System.CommandLine;
using System.Globalization;
using CodeGrader.Cli.Output;
using CodeGrader.Cli.Sandbox;
using CodeGrader.Core.Execution;
using CodeGrader.Python;

namespace CodeGrader.Cli.Commands;

/// <summary><c>codegrader run solution.py --call 'f(1)'</c>: one call in a fresh worker; prints the value, the exception or the diagnostics.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var solution = new Argument<FileInfo>("solution") { Description = "The Python file to run." };
        var call = new Option<string>("--call", "-c") { Description = "A Python call expression, e.g. 'is_palindrome(\"racecar\")'.", Required = true };
        var timeLimit = new Option<double>("--time-limit") { Description = "Seconds the call may take.", DefaultValueFactory = _ => 2.0 };
        var python = CommonOptions.PythonLibrary();
        var noSandbox = CommonOptions.NoSandbox();
        var verbose = CommonOptions.Verbose();
        var command = new Command("run", "Run one call of a solution in a fresh sandboxed worker and print what came back.")
        {
            solution, call, timeLimit, python, noSandbox, verbose,
        };
        command.SetAction((parse, cancellation) => RunAsync(
            parse.GetValue(solution)!, parse.GetValue(call)!, parse.GetValue(timeLimit), parse.GetValue(python),
            parse.GetValue(noSandbox), parse.GetValue(verbose), cancellation));
        return command;
    }

    private static async Task<int> RunAsync(FileInfo solution, string call, double seconds, string? library, bool noSandbox, bool verbose, CancellationToken cancellation)
    {
        var console = Console.Out;
        if (!solution.Exists)
        {
            await Console.Error.WriteLineAsync($"codegrader: no such file: {solution.FullName}").ConfigureAwait(false);
            return ExitCodes.BadUsage;
        }
        using var logging = CommonOptions.Logging(verbose);
        WorkerOptions options;
        try
        {
            options = WorkerOptions.Discover(new LibPythonSearchOptions { ConfiguredLibrary = library }) with
            {
                LoggerFactory = logging,
                Limits = ResourceLimits.Default with { TimePerTest = TimeSpan.FromSeconds(seconds) },
                Confinement = ConfinementFactory.ForCandidates(noSandbox),
            };
        }
        catch (Exception e) when (e is LibPythonNotFoundException or WorkerStartException or SandboxUnavailableException)
        {
            await Console.Error.WriteLineAsync($"codegrader: {e.Message}").ConfigureAwait(false);
            return ExitCodes.InternalError;
        }
        var source = SubmissionSource.FromFile(solution.FullName);
        try
        {
            await using var worker = await WorkerProcess.StartAsync(options, cancellation).ConfigureAwait(false);
            var load = await worker.LoadAsync(new LoadRequest(source), cancellation).ConfigureAwait(false);
            var printer = new RunPrinter(console, source);
            if (!options.Confinement.IsConfined) await Console.Error.WriteLineAsync($"codegrader: warning: the sandbox is off: {options.Confinement.Description}").ConfigureAwait(false);
            if (!load.Succeeded)
            {
                printer.PrintLoadFailure(load);
                return ExitCodes.NotAccepted;
            }
            var result = await worker.RunTestAsync(TestRequest.ForCall(call), cancellation).ConfigureAwait(false);
            printer.PrintResult(call, result);
            return result.Status == RunStatus.Completed ? ExitCodes.Accepted : ExitCodes.NotAccepted;
        }
        catch (Exception e) when (e is WorkerStartException or PythonStartupException)
        {
            await Console.Error.WriteLineAsync($"codegrader: internal error: {e.Message}").ConfigureAwait(false);
            return ExitCodes.InternalError;
        }
    }
}
