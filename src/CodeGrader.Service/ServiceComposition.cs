using CodeGrader.Service.Access;
using CodeGrader.Service.Http;
using CodeGrader.Service.Judge0;
using CodeGrader.Service.Storage;
using CodeGrader.Service.Storage.Sql;
using CodeGrader.Service.Submissions;
using CodeGrader.Service.Webhooks;

namespace CodeGrader.Service;

/// <summary>What the service registers: the grading (<see cref="GradingComposition"/>: storage, engine, queue, loops,
/// metrics), recovery at start, invitations, per-key rate limits (<c>RateLimits</c> section), webhooks (<c>Webhooks</c>
/// section), the Judge0-compatible endpoint, problem details, JSON options and the OpenAPI document. No CORS: browsers on
/// other origins get nothing.</summary>
public static class ServiceComposition
{
    public static void AddGraderService(this WebApplicationBuilder builder, ServiceOptions options)
    {
        var services = builder.Services;
        services.AddGrading(options);
        services.AddServerQueueing(options);
        services.AddSingleton<InvitationGate>();
        services.AddKeyRateLimits(options.RateLimits);
        services.AddSingleton<SubmissionInput>();
        services.AddSingleton<RunGate>();
        services.AddSingleton<SampleRunner>();
        services.AddSingleton<StdinRunner>();
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
}
