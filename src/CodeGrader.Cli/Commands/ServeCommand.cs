using System.CommandLine;
using CodeGrader.Service;

namespace CodeGrader.Cli.Commands;

/// <summary><c>codegrader serve [--urls ...] [--data DIR] [--judge0-prefix /judge0]</c>: the grader as a service (REST API, SQLite, in-process queue, Judge0-compatible endpoint).</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var urls = new Option<string>("--urls") { Description = "Where to listen (';' between several).", DefaultValueFactory = _ => new ServiceOptions().Urls };
        var data = new Option<DirectoryInfo>("--data") { Description = "The data directory: the SQLite file and every exercise version.", DefaultValueFactory = _ => new DirectoryInfo("codegrader-data") };
        var judge0 = new Option<string>("--judge0-prefix") { Description = "Where the Judge0-compatible endpoint lives (keys in X-Auth-Token).", DefaultValueFactory = _ => new ServiceOptions().Judge0.Prefix };
        var command = new Command("serve", "Run the grader as a service: a REST API under /api/v1 (keys, exercises, submissions, runs), /healthz, /readyz, /openapi/v1.json, and a Judge0 CE 1.13-compatible endpoint under /judge0.")
        {
            urls, data, judge0,
        };
        command.SetAction((parse, cancellation) => CommandGuard.RunAsync(parse, () => ServeAsync(parse, parse.GetValue(urls)!, parse.GetValue(data)!, parse.GetValue(judge0)!, cancellation)));
        return command;
    }

    private static async Task<int> ServeAsync(ParseResult parse, string urls, DirectoryInfo data, string judge0Prefix, CancellationToken cancellation)
    {
        if (!judge0Prefix.StartsWith('/') || judge0Prefix.Length < 2 || judge0Prefix.EndsWith('/'))
        {
            await parse.InvocationConfiguration.Error.WriteLineAsync($"--judge0-prefix: '{judge0Prefix}' must be a path such as /judge0 (a leading '/', no trailing one).").ConfigureAwait(false);
            return ExitCodes.BadUsage;
        }
        var defaults = new ServiceOptions();
        var options = defaults with { Urls = urls, DataDirectory = data.FullName, Judge0 = defaults.Judge0 with { Prefix = judge0Prefix } };
        await using var server = await GraderServer.StartAsync(options, parse.InvocationConfiguration.Output, cancellationToken: cancellation).ConfigureAwait(false);
        await server.WaitForShutdownAsync(cancellation).ConfigureAwait(false);
        return ExitCodes.Accepted;
    }
}
