using System.CommandLine;
using CodeGrader.Core.Scaffolding;

namespace CodeGrader.Cli.Commands;

/// <summary><c>codegrader new &lt;exercise-dir&gt;</c>: scaffold a complete exercise that verify passes, to edit into a real one.</summary>
internal static class NewCommand
{
    public static Command Create()
    {
        var directory = new Argument<DirectoryInfo>("exercise-dir") { Description = "The folder to create (it must not exist, or be empty)." };
        var pythonTests = new Option<bool>("--python-tests") { Description = "Write the tests in Python (tests.py: pytest-style functions and unittest) instead of exercise.yaml." };
        var command = new Command("new", "Create a new exercise folder: exercise.yaml, statement, starter, reference and solutions.") { directory, pythonTests };
        command.SetAction((parse, cancellation) => CommandGuard.RunAsync(parse, async () =>
        {
            var target = parse.GetValue(directory)!.ToString();
            var result = ExerciseScaffolder.Create(target, parse.GetValue(pythonTests));
            if (!result.Succeeded)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"codegrader: {result.Problem}").ConfigureAwait(false);
                return ExitCodes.BadUsage;
            }
            var output = parse.InvocationConfiguration.Output;
            await output.WriteLineAsync($"created {target}:").ConfigureAwait(false);
            foreach (var file in result.Files) await output.WriteLineAsync("  " + Path.GetRelativePath(target, file)).ConfigureAwait(false);
            await output.WriteLineAsync($"next: edit the files, then run 'codegrader verify {target}'").ConfigureAwait(false);
            return ExitCodes.Accepted;
        }));
        return command;
    }
}
