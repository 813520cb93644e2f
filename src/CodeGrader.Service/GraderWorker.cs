using CodeGrader.Service.Redis;
using CodeGrader.Service.Storage;

namespace CodeGrader.Service;

/// <summary>
/// <c>codegrader worker</c> as an object: grading loops on the Redis stream, storing results in the service's database
/// (the same data directory as serve's), with no web server. Stopping lets gradings under way finish within the
/// shutdown timeout; a job it could not finish stays in the stream and another worker claims it after the lease.
/// </summary>
public sealed class GraderWorker : IAsyncDisposable
{
    private readonly IHost _host;

    private GraderWorker(IHost host, string consumer)
    {
        _host = host;
        Consumer = consumer;
    }

    /// <summary>This process's consumer name in the Redis group.</summary>
    public string Consumer { get; }

    public IServiceProvider Services => _host.Services;

    public static async Task<GraderWorker> StartAsync(ServiceOptions options, TextWriter? output = null,
        Action<HostApplicationBuilder>? configure = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options = options with { DataDirectory = Path.GetFullPath(options.DataDirectory) };
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ContentRootPath = options.DataDirectory });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss.fff "; });
        builder.Logging.AddFilter("Microsoft.Hosting", LogLevel.Warning);
        if (options.Redis is null)
            throw new WorkerConfigurationException("a worker grades from Redis: give --redis (or the key Redis: CODEGRADER__Redis, --config).");
        if (options.Database.Provider == DatabaseProvider.Sqlite && !File.Exists(options.DatabasePath))
            throw new WorkerConfigurationException($"no service database at {options.DatabasePath}: start `codegrader serve` on this data directory first.");
        builder.Services.AddGrading(options);
        configure?.Invoke(builder);
        var host = builder.Build();
        if (!await host.Services.GetRequiredService<IServiceDatabase>().PingAsync(cancellationToken).ConfigureAwait(false))
            throw new WorkerConfigurationException($"the service database ({Where(options)}) has no schema yet: start `codegrader serve` on this data directory first.");
        await host.StartAsync(cancellationToken).ConfigureAwait(false);
        var consumer = host.Services.GetRequiredService<RedisGradingQueue>().Consumer;
        if (output is not null)
        {
            await output.WriteLineAsync($"CodeGrader worker {consumer}: {options.GradingLoops} grading loops on {options.Redis} (data in {options.DataDirectory})").ConfigureAwait(false);
            await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        return new GraderWorker(host, consumer);
    }

    private static string Where(ServiceOptions options) =>
        options.Database.Provider == DatabaseProvider.Postgres ? "PostgreSQL" : options.DatabasePath;

    /// <summary>Runs until the process is asked to stop (Ctrl-C, SIGTERM) or <paramref name="cancellationToken"/> fires.</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _host.WaitForShutdownAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync().ConfigureAwait(false);
        _host.Dispose();
    }
}

/// <summary>A worker cannot start as configured (no Redis, no database); the message says what to do.</summary>
public sealed class WorkerConfigurationException(string message) : Exception(message);
