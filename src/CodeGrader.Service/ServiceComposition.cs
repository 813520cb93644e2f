using CodeGrader.Service.Access;
using CodeGrader.Service.Exercises;
using CodeGrader.Service.Http;
using CodeGrader.Service.Operations;
using CodeGrader.Service.Judge0;
using CodeGrader.Service.Storage;
using CodeGrader.Service.Storage.Sql;
using CodeGrader.Service.Submissions;
using CodeGrader.Service.Webhooks;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CodeGrader.Service;

/// <summary>What the service registers: storage (SQLite or PostgreSQL behind the store interfaces), the engine, the queue
/// and the grading loops, invitations, per-key rate limits (<c>RateLimits</c> section), webhooks (<c>Webhooks</c>
/// section), metrics, problem details, JSON options and the OpenAPI document. No CORS: browsers on other origins get
/// nothing.</summary>
public static class ServiceComposition
{
    public static void AddGraderService(this WebApplicationBuilder builder, ServiceOptions options)
    {
        var services = builder.Services;
        services.AddSingleton(options);
        services.AddSingleton(_ => new SqlDatabase(Dialect(options))); // disposed with the app: its connection pool closes
        services.AddSingleton<IServiceDatabase>(p => p.GetRequiredService<SqlDatabase>());
        services.AddSingleton<IKeyStore, SqlKeyStore>();
        services.AddSingleton<IExerciseStore, SqlExerciseStore>();
        services.AddSingleton<ISubmissionStore, SqlSubmissionStore>();
        services.AddSingleton<IInvitationStore, SqlInvitationStore>();
        services.AddSingleton<IDeliveryStore, SqlDeliveryStore>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<InvitationGate>();
        services.AddKeyRateLimits(options.RateLimits);
        services.AddCodeGrader(new ConfigurationBuilder().AddInMemoryCollection(options.EngineSettings).Build());
        services.AddSingleton<ServiceMetrics>();
        services.AddSingleton<ExerciseCache>();
        services.AddSingleton<ExerciseCatalog>();
        services.AddSingleton<GradingQueue>();
        services.AddSingleton<SubmissionEvents>();
        services.AddSingleton<SubmissionInput>();
        services.AddSingleton<SampleRunner>();
        services.AddSingleton<StdinRunner>();
        services.AddSingleton<GradingService>();
        services.AddHostedService(p => p.GetRequiredService<GradingService>());
        services.AddSingleton<FinishedResults>();
        services.AddSingleton(Microsoft.Extensions.Options.Options.Create(options.Webhooks));
        services.AddSingleton<WebhookSender>();
        services.AddSingleton<WebhookPayloads>();
        services.AddSingleton<CallbackTargets>();
        services.AddHostedService<WebhookDispatcher>();
        services.AddSingleton<IJudge0Store, SqlJudge0Store>();
        services.AddSingleton(options.Judge0);
        services.AddSingleton<Judge0Queue>();
        services.AddSingleton<Judge0LanguageInfo>();
        services.AddSingleton<ISubmissionCallback, SignedCallback>();
        services.AddSingleton<Judge0Runner>();
        services.AddHostedService(p => p.GetRequiredService<Judge0Runner>());
        services.Configure<HostOptions>(o => o.ShutdownTimeout = options.ShutdownTimeout);
        services.ConfigureHttpJsonOptions(o => ApiJson.Configure(o.SerializerOptions));
        services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
        {
            c.ProblemDetails.Instance ??= c.HttpContext.Request.Path;
            c.ProblemDetails.Extensions["request_id"] = c.HttpContext.TraceIdentifier;
        });
        services.AddOpenApi();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = Math.Max(options.MaxArchiveBytes, options.MaxJsonBodyBytes);
        });
        builder.WebHost.UseUrls(options.Metrics.Access == Configuration.MetricsAccess.Loopback
            ? $"{options.Urls};{MetricsUrl(options)}" : options.Urls);
    }

    /// <summary>The loopback listener of its own that serves /metrics (Metrics:Access=loopback).</summary>
    public static string MetricsUrl(ServiceOptions options) => $"http://127.0.0.1:{options.Metrics.Port}";

    private static SqlDialect Dialect(ServiceOptions options) => options.Database.Provider switch
    {
        DatabaseProvider.Postgres => new PostgresDialect(options.Database.ConnectionString
            ?? throw new InvalidOperationException("Database:Provider is postgres but Database:ConnectionString is not set.")),
        _ => new SqliteDialect(options.DatabasePath),
    };
}
