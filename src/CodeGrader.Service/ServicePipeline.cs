using CodeGrader.Service.Access;
using CodeGrader.Service.Endpoints;
using CodeGrader.Service.Http;
using CodeGrader.Service.Web;

namespace CodeGrader.Service;

/// <summary>The request pipeline: request id and logging, problem details for every error (exceptions and bare status
/// codes too), security headers (CSP) on everything, the web page's files, the sign-in cookie standing for the key, keys under
/// /api, then the endpoints: /api/v1/..., the web page's paths, /healthz, /readyz, /openapi/v1.json.</summary>
public static class ServicePipeline
{
    public static void UseGraderService(this WebApplication app, ServiceOptions options)
    {
        app.UseMiddleware<RequestLogging>();
        app.UseMiddleware<SecurityHeaders>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        WebPages.Use(app);
        app.UseMiddleware<CookieAuthentication>();
        app.UseMiddleware<ApiKeyMiddleware>();

        var api = app.MapGroup("/api/v1");
        KeyEndpoints.Map(api, options);
        ExerciseEndpoints.Map(api, options);
        SubmissionEndpoints.Map(api, options);
        SubmissionEventEndpoints.Map(api);
        RunEndpoints.Map(api, options);
        StatisticsEndpoints.Map(api);
        SessionEndpoints.Map(api);
        WebPages.Map(app);
        HealthEndpoints.Map(app);
        app.MapOpenApi();
    }
}
