using System.CommandLine;
using CodeGrader.Service;

namespace CodeGrader.Cli.Commands;

/// <summary><c>codegrader worker --redis HOST:PORT [--data DIR] [--jobs N]</c>: grades submissions from the service's Redis
/// stream on this machine, storing results in the service's database.</summary>
internal static class WorkerCommand
{
    public static Command Create()
    {
        var defaults = new ServiceOptions();
        var redis = new Option<string?>("--redis") { Description = "Redis (StackExchange.Redis configuration, e.g. localhost:6379); default: Queue:Redis / the Queue__Redis environment variable." };
        var prefix = new Option<string>("--redis-prefix") { Description = "The prefix of the service's Redis keys (as given to its serve).", DefaultValueFactory = _ => defaults.RedisPrefix };
        var data = new Option<DirectoryInfo>("--data") { Description = "The service's data directory (its database and exercise versions).", DefaultValueFactory = _ => new DirectoryInfo("codegrader-data") };
        var jobs = new Option<int>("--jobs", "-j") { Description = "Submissions graded at once.", DefaultValueFactory = _ => Environment.ProcessorCount };
        var lease = new Option<double>("--lease") { Description = "Seconds a job stays with a worker that shows no sign of life before another claims it.", DefaultValueFactory = _ => defaults.ClaimLease.TotalSeconds };
        var attempts = new Option<int>("--max-attempts") { Description = "Workers a job may end (killed or lost mid-job) before its submission ends as internal_error.", DefaultValueFactory = _ => defaults.MaxAttempts };
        var shutdown = new Option<double>("--shutdown-timeout") { Description = "Seconds a stop waits for gradings under way; the rest are claimed by other workers after the lease.", DefaultValueFactory = _ => defaults.ShutdownTimeout.TotalSeconds };
        var command = new Command("worker", "Grade submissions from the service's Redis stream (many machines): results go to the service's database.")
        {
            redis, prefix, data, jobs, lease, attempts, shutdown,
        };
        command.SetAction((parse, cancellation) => CommandGuard.RunAsync(parse, () => RunAsync(parse, new ServiceOptions
        {
            Redis = parse.GetValue(redis),
            RedisPrefix = parse.GetValue(prefix)!,
            DataDirectory = parse.GetValue(data)!.FullName,
            GradingLoops = parse.GetValue(jobs),
            ClaimLease = TimeSpan.FromSeconds(parse.GetValue(lease)),
            MaxAttempts = parse.GetValue(attempts),
            ShutdownTimeout = TimeSpan.FromSeconds(parse.GetValue(shutdown)),
        }, cancellation)));
        return command;
    }

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
