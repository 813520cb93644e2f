using CodeGrader.Service.Exercises;
using CodeGrader.Service.Redis;
using CodeGrader.Service.Storage;
using CodeGrader.Service.Storage.Sqlite;
using CodeGrader.Service.Submissions;

namespace CodeGrader.Service;

/// <summary>
/// What every grading process registers, <c>serve</c> and <c>worker</c> alike: storage (SQLite behind the store
/// interfaces), the engine, the exercise catalog, the grading loops, and the queue: in process by default, a Redis
/// Stream when <see cref="ServiceOptions.Redis"/> is set (then live events and cancels travel through Redis too).
/// </summary>
public static class GradingComposition
{
    public static void AddGrading(this IServiceCollection services, ServiceOptions options, IConfiguration configuration)
    {
        services.AddSingleton(options);
        services.AddSingleton(new SqliteDatabase(options.DatabasePath));
        services.AddSingleton<IServiceDatabase>(p => p.GetRequiredService<SqliteDatabase>());
        services.AddSingleton<IKeyStore, SqliteKeyStore>();
        services.AddSingleton<IExerciseStore, SqliteExerciseStore>();
        services.AddSingleton<ISubmissionStore, SqliteSubmissionStore>();
        services.AddCodeGrader(configuration.GetSection("CodeGrader"));
        services.AddSingleton<ExerciseCatalog>();
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

    /// <summary><see cref="ServiceOptions.Redis"/> from the configuration key <c>Queue:Redis</c> when no flag set it.</summary>
    public static ServiceOptions WithConfiguredQueue(this ServiceOptions options, IConfiguration configuration) =>
        options.Redis is null && configuration["Queue:Redis"] is { Length: > 0 } redis ? options with { Redis = redis } : options;
}
