using System.CommandLine;
using CodeGrader.Service;
using CodeGrader.Service.Configuration;

namespace CodeGrader.Cli.Commands;

/// <summary><c>codegrader worker --redis HOST:PORT [--config FILE] [--data DIR] [--database CONN] [--jobs N]</c>: grades
/// submissions from the service's Redis stream on this machine, storing results in the service's database. Settings
/// come as for <c>serve</c>: the file, then <c>CODEGRADER__*</c> variables, then these flags.</summary>
internal static class WorkerCommand
{
    public static Command Create()
    {
        var defaults = new ServiceOptions();
        var config = new Option<FileInfo>("--config") { Description = "The service's JSON (or .yaml) configuration file." };
        var redis = new Option<string>("--redis") { Description = "Redis (StackExchange.Redis configuration, e.g. localhost:6379); default: the key Redis (CODEGRADER__Redis, --config)." };
        var prefix = new Option<string>("--redis-prefix") { Description = $"The prefix of the service's Redis keys (as given to its serve). Default {defaults.RedisPrefix}." };
        var data = new Option<DirectoryInfo>("--data") { Description = "This node's data directory (the SQLite file when serve shares this machine, and the exercise cache). Default ./codegrader-data." };
        var database = new Option<string>("--database") { Description = "The service's PostgreSQL (Npgsql connection string), for a worker on another machine." };
        var jobs = new Option<int>("--jobs", "-j") { Description = "Submissions graded at once.", DefaultValueFactory = _ => Environment.ProcessorCount };
        var lease = new Option<double?>("--lease") { Description = $"Seconds a job stays with a worker that shows no sign of life before another claims it. Default {defaults.ClaimLease.TotalSeconds}." };
        var attempts = new Option<int?>("--max-attempts") { Description = $"Workers a job may end (killed or lost mid-job) before its submission ends as internal_error. Default {defaults.MaxAttempts}." };
        var shutdown = new Option<double?>("--shutdown-timeout") { Description = $"Seconds a stop waits for gradings under way; the rest are claimed by other workers after the lease. Default {defaults.ShutdownTimeout.TotalSeconds}." };
        var command = new Command("worker", "Grade submissions from the service's Redis stream (many machines): results go to the service's database.")
        {
            config, redis, prefix, data, database, jobs, lease, attempts, shutdown,
        };
        command.SetAction((parse, cancellation) => CommandGuard.RunAsync(parse, async () =>
        {
            var flags = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
            {
                [nameof(ServiceOptions.GradingLoops)] = Invariant(parse.GetValue(jobs)),
            };
            if (parse.GetValue(redis) is { } r) flags[nameof(ServiceOptions.Redis)] = r;
            if (parse.GetValue(prefix) is { } p) flags[nameof(ServiceOptions.RedisPrefix)] = p;
            if (parse.GetValue(data) is { } d) flags[nameof(ServiceOptions.DataDirectory)] = d.FullName;
            ServiceSettings.UsePostgres(flags, parse.GetValue(database));
            if (parse.GetValue(lease) is { } l) flags[nameof(ServiceOptions.ClaimLease)] = Invariant(TimeSpan.FromSeconds(l));
            if (parse.GetValue(attempts) is { } a) flags[nameof(ServiceOptions.MaxAttempts)] = Invariant(a);
            if (parse.GetValue(shutdown) is { } s) flags[nameof(ServiceOptions.ShutdownTimeout)] = Invariant(TimeSpan.FromSeconds(s));
            if (await ServiceSettings.LoadAsync(parse, parse.GetValue(config), flags).ConfigureAwait(false) is not { } options) return ExitCodes.BadUsage;
            return await RunAsync(parse, options, cancellation).ConfigureAwait(false);
        }));
        return command;
    }

    private static string Invariant(IFormattable value) => value.ToString(null, System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<int> RunAsync(ParseResult parse, ServiceOptions options, CancellationToken cancellation)
    {
        if (options.GradingLoops < 1 || options.MaxAttempts < 1 || options.ClaimLease <= TimeSpan.Zero)
        {
            await parse.InvocationConfiguration.Error.WriteLineAsync("codegrader: --jobs and --max-attempts must be at least 1, --lease above 0").ConfigureAwait(false);
            return ExitCodes.BadUsage;
        }
        GraderWorker worker;
        try
        {
            worker = await GraderWorker.StartAsync(options, parse.InvocationConfiguration.Output, cancellationToken: cancellation).ConfigureAwait(false);
        }
        catch (WorkerConfigurationException e)
        {
            await parse.InvocationConfiguration.Error.WriteLineAsync($"codegrader: {e.Message}").ConfigureAwait(false);
            return ExitCodes.BadUsage;
        }
        await using (worker.ConfigureAwait(false)) await worker.WaitForShutdownAsync(cancellation).ConfigureAwait(false);
        return ExitCodes.Accepted;
    }
}
