using System.CommandLine;
using CodeGrader.Core.Execution;
using CodeGrader.Python;

namespace CodeGrader.Cli.Commands;

/// <summary>Turns failures of the machinery (no libpython, no worker, an unexpected exception) into a message and exit code 3.</summary>
internal static class CommandGuard
{
    public static async Task<int> RunAsync(ParseResult parse, Func<Task<int>> action)
    {
        var error = parse.InvocationConfiguration.Error;
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await error.WriteLineAsync("codegrader: cancelled").ConfigureAwait(false);
            return ExitCodes.InternalError;
        }
        catch (SandboxUnavailableException e)
        {
            await error.WriteLineAsync($"codegrader: {e.Message}").ConfigureAwait(false);
            return ExitCodes.InternalError;
        }
        catch (Exception e) when (e is LibPythonNotFoundException or WorkerStartException or PythonStartupException)
        {
            await error.WriteLineAsync($"codegrader: internal error: {e.Message}").ConfigureAwait(false);
            return ExitCodes.InternalError;
        }
        catch (Exception e)
        {
            await error.WriteLineAsync($"codegrader: internal error: {e}").ConfigureAwait(false);
            return ExitCodes.InternalError;
        }
    }
}
