using System.CommandLine;
using CodeGrader.Service;

namespace CodeGrader.Cli.Commands;

/// <summary><c>codegrader serve [--urls ...] [--data DIR] [--redis HOST:PORT] [--loops N]</c>: the grader as a service
/// (REST API, SQLite; the in-process queue, or a Redis stream that <c>codegrader worker</c> processes read too).</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var urls = new Option<string>("--urls") { Description = "Where to listen (';' between several).", DefaultValueFactory = _ => new ServiceOptions().Urls };
        var data = new Option<DirectoryInfo>("--data") { Description = "The data directory: the SQLite file and every exercise version.", DefaultValueFactory = _ => new DirectoryInfo("codegrader-data") };
        var redis = new Option<string?>("--redis") { Description = "Queue submissions in Redis (e.g. localhost:6379) for `codegrader worker` processes; default: Queue:Redis / Queue__Redis, else in process." };
        var prefix = new Option<string>("--redis-prefix") { Description = "The prefix of every Redis key this service uses (several services can share one Redis).", DefaultValueFactory = _ => new ServiceOptions().RedisPrefix };
        var loops = new Option<int>("--loops") { Description = "Submissions this process grades at once (0 with --redis: only workers grade).", DefaultValueFactory = _ => new ServiceOptions().GradingLoops };
        var command = new Command("serve", "Run the grader as a service: a REST API under /api/v1 (keys, exercises, submissions, runs), /healthz, /readyz, /openapi/v1.json.")
        {
            urls, data, redis, prefix, loops,
        };
        command.SetAction((parse, cancellation) => CommandGuard.RunAsync(parse, () => ServeAsync(parse,
            new ServiceOptions { Urls = parse.GetValue(urls)!, DataDirectory = parse.GetValue(data)!.FullName, Redis = parse.GetValue(redis), RedisPrefix = parse.GetValue(prefix)!, GradingLoops = parse.GetValue(loops) },
            cancellation)));
        return command;
    }

    private static async Task<int> ServeAsync(ParseResult parse, ServiceOptions options, CancellationToken cancellation)
    {
        if (options.GradingLoops < 0)
        {
            await parse.InvocationConfiguration.Error.WriteLineAsync("codegrader: --loops must be 0 or more").ConfigureAwait(false);
            return ExitCodes.BadUsage;
        }
        await using var server = await GraderServer.StartAsync(options, parse.InvocationConfiguration.Output, cancellationToken: cancellation).ConfigureAwait(false);
        await server.WaitForShutdownAsync(cancellation).ConfigureAwait(false);
        return ExitCodes.Accepted;
    }
}
