using System.CommandLine;
using CodeGrader.Service;

namespace CodeGrader.Cli.Commands;

/// <summary><c>codegrader serve [--urls ...] [--data DIR]</c>: the grader as a service (REST API, SQLite, in-process queue).</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var urls = new Option<string>("--urls") { Description = "Where to listen (';' between several).", DefaultValueFactory = _ => new ServiceOptions().Urls };
        var data = new Option<DirectoryInfo>("--data") { Description = "The data directory: the SQLite file and every exercise version.", DefaultValueFactory = _ => new DirectoryInfo("codegrader-data") };
        var command = new Command("serve", "Run the grader as a service: a REST API under /api/v1 (keys, exercises, submissions, runs), /healthz, /readyz, /openapi/v1.json.")
        {
            urls, data,
        };
        command.SetAction((parse, cancellation) => CommandGuard.RunAsync(parse, () => ServeAsync(parse, parse.GetValue(urls)!, parse.GetValue(data)!, cancellation)));
        return command;
    }

    private static async Task<int> ServeAsync(ParseResult parse, string urls, DirectoryInfo data, CancellationToken cancellation)
    {
        var options = new ServiceOptions { Urls = urls, DataDirectory = data.FullName };
        await using var server = await GraderServer.StartAsync(options, parse.InvocationConfiguration.Output, cancellationToken: cancellation).ConfigureAwait(false);
        await server.WaitForShutdownAsync(cancellation).ConfigureAwait(false);
        return ExitCodes.Accepted;
    }
}
