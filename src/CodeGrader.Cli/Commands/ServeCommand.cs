using System.CommandLine;
using CodeGrader.Service;
using CodeGrader.Service.Configuration;

namespace CodeGrader.Cli.Commands;

/// <summary><c>codegrader serve [--config FILE] [--urls ...] [--data DIR] [--database CONN] [--judge0-prefix /judge0]
/// [--redis HOST:PORT] [--loops N] [--set KEY=VALUE]</c>: the grader as a service (REST API, Judge0-compatible endpoint;
/// the in-process queue, or a Redis stream that <c>codegrader worker</c> processes read too). Settings come from the file,
/// then <c>CODEGRADER__*</c> variables, then these flags.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var config = new Option<FileInfo>("--config") { Description = "A JSON (or .yaml) configuration file (keys in README, 'Service configuration')." };
        var urls = new Option<string>("--urls") { Description = $"Where to listen (';' between several). Default {new ServiceOptions().Urls}." };
        var data = new Option<DirectoryInfo>("--data") { Description = "The data directory: the SQLite file and this node's exercise cache. Default ./codegrader-data." };
        var database = new Option<string>("--database") { Description = "A PostgreSQL connection string (Npgsql form: Host=...;Database=...;Username=...): keep the state there instead of SQLite." };
        var judge0 = new Option<string>("--judge0-prefix") { Description = $"Where the Judge0-compatible endpoint lives (keys in X-Auth-Token). Default {new ServiceOptions().Judge0.Prefix}." };
        var redis = new Option<string>("--redis") { Description = "Queue submissions in Redis (e.g. localhost:6379) for `codegrader worker` processes (key Redis); default: in process." };
        var prefix = new Option<string>("--redis-prefix") { Description = $"The prefix of every Redis key this service uses (several services can share one Redis). Default {new ServiceOptions().RedisPrefix}." };
        var loops = new Option<int?>("--loops") { Description = $"Submissions this process grades at once (0 with --redis: only workers grade). Default {new ServiceOptions().GradingLoops}." };
        var set = new Option<string[]>("--set") { Description = "Any configuration key, as KEY=VALUE ('Metrics:Access=public'); repeatable.", AllowMultipleArgumentsPerToken = false };
        var command = new Command("serve", "Run the grader as a service: a REST API under /api/v1 (keys, exercises, submissions, runs), /healthz, /readyz, /metrics, /openapi/v1.json, and a Judge0 CE 1.13-compatible endpoint under /judge0.")
        {
            config, urls, data, database, judge0, redis, prefix, loops, set,
        };
        command.SetAction((parse, cancellation) => CommandGuard.RunAsync(parse, async () =>
        {
            var flags = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            foreach (var pair in parse.GetValue(set) ?? [])
            {
                var equals = pair.IndexOf('=', StringComparison.Ordinal);
                if (equals <= 0)
                {
                    await parse.InvocationConfiguration.Error.WriteLineAsync($"codegrader: --set takes KEY=VALUE; '{pair}' has no '='.").ConfigureAwait(false);
                    return ExitCodes.BadUsage;
                }
                flags[pair[..equals].Replace("__", ":", StringComparison.Ordinal)] = pair[(equals + 1)..];
            }
            if (parse.GetValue(urls) is { } u) flags[nameof(ServiceOptions.Urls)] = u;
            if (parse.GetValue(data) is { } d) flags[nameof(ServiceOptions.DataDirectory)] = d.FullName;
            if (parse.GetValue(judge0) is { } path) flags["Judge0:Prefix"] = path;
            if (parse.GetValue(redis) is { } r) flags[nameof(ServiceOptions.Redis)] = r;
            if (parse.GetValue(prefix) is { } p) flags[nameof(ServiceOptions.RedisPrefix)] = p;
            if (parse.GetValue(loops) is { } n) flags[nameof(ServiceOptions.GradingLoops)] = n.ToString(System.Globalization.CultureInfo.InvariantCulture);
            ServiceSettings.UsePostgres(flags, parse.GetValue(database));
            if (await ServiceSettings.LoadAsync(parse, parse.GetValue(config), flags).ConfigureAwait(false) is not { } options) return ExitCodes.BadUsage;
            return await ServeAsync(parse, options, cancellation).ConfigureAwait(false);
        }));
        return command;
    }

    private static async Task<int> ServeAsync(ParseResult parse, ServiceOptions options, CancellationToken cancellation)
    {
        await using var server = await GraderServer.StartAsync(options, parse.InvocationConfiguration.Output, cancellationToken: cancellation).ConfigureAwait(false);
        await server.WaitForShutdownAsync(cancellation).ConfigureAwait(false);
        return ExitCodes.Accepted;
    }
}
