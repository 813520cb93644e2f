using System.CommandLine;
using CodeGrader.Cli.Output;
using CodeGrader.Cli.Hosting;

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
        await using var cli = CliEngine.Create(noSandbox, python, verbose);
        var report = await cli.Engine.VerifyAsync(directory.ToString(), cancellation).ConfigureAwait(false);
        var confinement = noSandbox ? null : cli.Engine.SandboxStatus.Confinement;
        var sandbox = confinement is not null ? confinement.Description : $"OFF ({(noSandbox ? "--no-sandbox" : cli.Engine.SandboxStatus.Problem)})";
        VerifyPrinter.Print(output, report, sandbox);
        return report.Invalid ? ExitCodes.BadUsage : report.Passed ? ExitCodes.Accepted : ExitCodes.NotAccepted;
    }
}
