using CodeGrader.Service.Http;
using CodeGrader.Service.Submissions;

namespace CodeGrader.Service;

/// <summary>What the service registers: the grading (<see cref="GradingComposition"/>: storage, engine, queue, loops),
/// recovery at start, request checks, problem details, JSON options and the OpenAPI document. No CORS: browsers on
/// other origins get nothing.</summary>
public static class ServiceComposition
{
    public static void AddGraderService(this WebApplicationBuilder builder, ServiceOptions options)
    {
        var services = builder.Services;
        services.AddGrading(options, builder.Configuration);
        services.AddServerQueueing(options);
        services.AddSingleton<SubmissionInput>();
        services.AddSingleton<SampleRunner>();
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
