using CodeGrader.Service.Exercises;
using CodeGrader.Service.Redis;
using CodeGrader.Service.Storage;
using CodeGrader.Service.Operations;
using CodeGrader.Service.Storage.Sql;
using CodeGrader.Service.Submissions;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CodeGrader.Service;

/// <summary>
/// What every grading process registers, <c>serve</c> and <c>worker</c> alike: storage (SQLite or PostgreSQL behind
/// the store interfaces), the engine, the exercise catalog and cache, the grading loops, metrics, the record of finished
/// results (their webhook deliveries), and the queue: in process by default, a Redis
/// Stream when <see cref="ServiceOptions.Redis"/> is set (then live events and cancels travel through Redis too).
/// </summary>
public static class GradingComposition
{
    public static void AddGrading(this IServiceCollection services, ServiceOptions options)
    {
        services.AddSingleton(options);
        services.AddSingleton(_ => new SqlDatabase(Dialect(options))); // disposed with the app: its connection pool closes
        services.AddSingleton<IServiceDatabase>(p => p.GetRequiredService<SqlDatabase>());
        services.AddSingleton<IKeyStore, SqlKeyStore>();
        services.AddSingleton<IExerciseStore, SqlExerciseStore>();
        services.AddSingleton<ISubmissionStore, SqlSubmissionStore>();
        services.AddSingleton<IInvitationStore, SqlInvitationStore>();
        services.AddSingleton<IDeliveryStore, SqlDeliveryStore>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(Microsoft.Extensions.Options.Options.Create(options.Webhooks));
        services.AddCodeGrader(new ConfigurationBuilder().AddInMemoryCollection(options.EngineSettings).Build(), engine =>
            // A worker kept started ahead for each grading loop, unless configured: a submission then waits for no sandbox.
            options.EngineSettings.Keys.Any(k => k.Equals(nameof(engine.SpareWorkers), StringComparison.OrdinalIgnoreCase))
                ? engine
                : engine with { SpareWorkers = options.GradingLoops });
        services.AddSingleton<ServiceMetrics>();
        services.AddSingleton<ExerciseCache>();
        services.AddSingleton<ExerciseCatalog>();
        services.AddSingleton<FinishedResults>();
        services.AddSingleton<SubmissionEvents>();
        services.AddSingleton<GradingService>();
        services.AddHostedService(p => p.GetRequiredService<GradingService>());
        services.Configure<HostOptions>(o => o.ShutdownTimeout = options.ShutdownTimeout);
        if (options.Redis is null)
        {
            services.AddSingleton<GradingQueue>();
            services.AddSingleton<IGradingQueue>(p => p.GetRequiredService<GradingQueue>());
            services.AddSingleton<IGradingEvents>(p => p.GetRequiredService<SubmissionEvents>());
            services.AddSingleton<IGradingCancellation, LocalCancellation>();
        }
        else
        {
            services.AddSingleton<RedisConnection>();
            services.AddSingleton<RedisGradingQueue>();
            services.AddSingleton<IGradingQueue>(p => p.GetRequiredService<RedisGradingQueue>());
            services.AddSingleton<IGradingEvents, RedisGradingEvents>();
            services.AddSingleton<RedisCancellation>();
            services.AddSingleton<IGradingCancellation>(p => p.GetRequiredService<RedisCancellation>());
            services.AddHostedService(p => p.GetRequiredService<RedisCancellation>());
        }
    }

    /// <summary>Only the server (one of them, with Redis) recovers at start what the last run left unqueued, and relays
    /// live events from grading loops elsewhere to its Server-Sent Events.</summary>
    public static void AddServerQueueing(this IServiceCollection services, ServiceOptions options)
    {
        if (options.Redis is null)
        {
            services.AddSingleton<IQueueRecovery, InProcessRecovery>();
        }
        else
        {
            services.AddSingleton<IQueueRecovery, RedisRecovery>();
            services.AddHostedService<RedisEventRelay>();
        }
    }

    private static SqlDialect Dialect(ServiceOptions options) => options.Database.Provider switch
    {
        DatabaseProvider.Postgres => new PostgresDialect(options.Database.ConnectionString
            ?? throw new InvalidOperationException("Database:Provider is postgres but Database:ConnectionString is not set.")),
        _ => new SqliteDialect(options.DatabasePath),
    };
}
