using System.CommandLine;
using CodeGrader.Cli.Output;
using CodeGrader.Cli.Sandbox;
using CodeGrader.Core.Grading;
using CodeGrader.Core.Verification;
using CodeGrader.Python;

namespace CodeGrader.Cli.Commands;

/// <summary><c>codegrader verify &lt;exercise-dir&gt;</c>: check an exercise before anyone is graded with it.</summary>
internal static class VerifyCommand
{
    public static Command Create()
    {
        var exercise = new Argument<DirectoryInfo>("exercise-dir") { Description = "The exercise folder (with exercise.yaml)." };
        var noSandbox = new Option<bool>("--no-sandbox") { Description = "Run the solutions under solutions/ without the sandbox." };
        var python = CommonOptions.PythonLibrary();
        var verbose = CommonOptions.Verbose();
        var command = new Command("verify",
            "Check an exercise: it loads, the reference passes every test, each file in solutions/ gets the verdict its folder names, the time limit fits.")
        {
            exercise, noSandbox, python, verbose,
        };
        command.SetAction((parse, cancellation) => CommandGuard.RunAsync(parse, () => VerifyAsync(
            parse, parse.GetValue(exercise)!, parse.GetValue(noSandbox), parse.GetValue(python), parse.GetValue(verbose), cancellation)));
        return command;
    }

    private static async Task<int> VerifyAsync(ParseResult parse, DirectoryInfo directory, bool noSandbox, string? python, bool verbose, CancellationToken cancellation)
    {
        var output = parse.InvocationConfiguration.Output;
        using var logging = CommonOptions.Logging(verbose);
        var discovered = GradingOptions.Discover(new LibPythonSearchOptions { ConfiguredLibrary = python });
        var confinement = ConfinementFactory.ForAuthorCode(noSandbox);
        var options = discovered with { Confinement = confinement, Worker = discovered.Worker with { LoggerFactory = logging } };
        var report = await ExerciseVerifier.VerifyAsync(directory.ToString(), options, cancellation).ConfigureAwait(false);
        var sandbox = confinement.IsConfined ? confinement.Description : $"OFF ({confinement.Description})";
        VerifyPrinter.Print(output, report, sandbox);
        return report.Invalid ? ExitCodes.BadUsage : report.Passed ? ExitCodes.Accepted : ExitCodes.NotAccepted;
    }
}
