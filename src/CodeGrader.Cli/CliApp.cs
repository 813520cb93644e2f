using System.CommandLine;
using CodeGrader.Cli.Commands;

namespace CodeGrader.Cli;

/// <summary>The command tree, and running it with the exit codes of DESIGN.md (a usage error is 2).</summary>
public static class CliApp
{
    public static RootCommand BuildRoot()
    {
        var root = new RootCommand("CodeGrader: grade Python solutions against hidden tests, in a sandbox.");
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(GradeCommand.Create());
        root.Subcommands.Add(BatchCommand.Create());
        root.Subcommands.Add(VerifyCommand.Create());
        root.Subcommands.Add(NewCommand.Create());
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(WorkerCommand.Create());
        return root;
    }

    public static async Task<int> RunAsync(string[] args, InvocationConfiguration? configuration = null, CancellationToken cancellationToken = default)
    {
        var parsed = BuildRoot().Parse(args);
        if (parsed.Errors.Count > 0)
        {
            var error = configuration?.Error ?? Console.Error;
            foreach (var problem in parsed.Errors) await error.WriteLineAsync($"codegrader: {problem.Message}").ConfigureAwait(false);
            await error.WriteLineAsync("Run 'codegrader --help' for usage.").ConfigureAwait(false);
            return ExitCodes.BadUsage;
        }
        configuration ??= new InvocationConfiguration();
        // serve's and worker's hosts handle SIGINT and SIGTERM themselves and let gradings under way finish (up to their
        // shutdown timeout); System.CommandLine's own handler would end the process 2 s after the signal.
        if (parsed.CommandResult.Command.Name is "serve" or "worker") configuration.ProcessTerminationTimeout = null;
        return await parsed.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
    }
}
