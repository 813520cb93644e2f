using CodeGrader.Service.Access;
using CodeGrader.Service.Exercises;
using CodeGrader.Service.Http;
using CodeGrader.Service.Storage;
using CodeGrader.Service.Storage.Sqlite;
using CodeGrader.Service.Submissions;
using CodeGrader.Service.Webhooks;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CodeGrader.Service;

/// <summary>What the service registers: storage (SQLite behind the store interfaces), the engine, the queue and the
/// grading loops, invitations, per-key rate limits (<c>RateLimits</c> section), webhooks (<c>Webhooks</c> section), problem details, JSON options and the OpenAPI document. No CORS: browsers on other origins get nothing.</summary>
public static class ServiceComposition
{
    public static void AddGraderService(this WebApplicationBuilder builder, ServiceOptions options)
    {
        var services = builder.Services;
        services.AddSingleton(options);
        services.AddSingleton(new SqliteDatabase(options.DatabasePath));
        services.AddSingleton<IServiceDatabase>(p => p.GetRequiredService<SqliteDatabase>());
        services.AddSingleton<IKeyStore, SqliteKeyStore>();
        services.AddSingleton<IExerciseStore, SqliteExerciseStore>();
        services.AddSingleton<ISubmissionStore, SqliteSubmissionStore>();
        services.AddSingleton<IInvitationStore, SqliteInvitationStore>();
        services.AddSingleton<IDeliveryStore, SqliteDeliveryStore>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<InvitationGate>();
        services.AddKeyRateLimits(builder.Configuration);
        services.AddCodeGrader(builder.Configuration.GetSection("CodeGrader"));
        services.AddSingleton<ExerciseCatalog>();
        services.AddSingleton<GradingQueue>();
        services.AddSingleton<SubmissionEvents>();
        services.AddSingleton<SubmissionInput>();
        services.AddSingleton<SampleRunner>();
        services.AddSingleton<GradingService>();
        services.AddHostedService(p => p.GetRequiredService<GradingService>());
        services.AddSingleton<FinishedResults>();
        services.AddOptions<WebhookOptions>().Bind(builder.Configuration.GetSection(WebhookOptions.Section));
        services.AddSingleton<WebhookSender>();
        services.AddSingleton<WebhookPayloads>();
        services.AddSingleton<CallbackTargets>();
        services.AddHostedService<WebhookDispatcher>();
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
        builder.WebHost.UseUrls(options.Urls);
    }
}
