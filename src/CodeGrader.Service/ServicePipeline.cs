using CodeGrader.Service.Access;
using CodeGrader.Service.Endpoints;
using CodeGrader.Service.Http;

namespace CodeGrader.Service;

/// <summary>The request pipeline: request id and logging, problem details for every error (exceptions and bare status
/// codes too), keys under /api, then the endpoints: /api/v1/..., /healthz, /readyz, /openapi/v1.json, and the
/// Judge0-compatible endpoint under its prefix (/judge0, keys in X-Auth-Token).</summary>
public static class ServicePipeline
{
    public static void UseGraderService(this WebApplication app, ServiceOptions options)
    {
        app.UseMiddleware<RequestLogging>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<ApiKeyMiddleware>();

        var api = app.MapGroup("/api/v1");
        KeyEndpoints.Map(api, options);
        ExerciseEndpoints.Map(api, options);
        SubmissionEndpoints.Map(api, options);
        SubmissionEventEndpoints.Map(api);
        RunEndpoints.Map(api, options);
        HealthEndpoints.Map(app);
        Judge0.Judge0Endpoints.Map(app, options);
        app.MapOpenApi();
    }
}
