using CodeGrader.Service.Access;
using CodeGrader.Service.Endpoints;
using CodeGrader.Service.Http;

namespace CodeGrader.Service;

/// <summary>The request pipeline: request id and logging, problem details for every error (exceptions and bare status
/// codes too), keys and invitations under /api, per-key rate limits, then the endpoints (invitations refused unless an endpoint allows them): /api/v1/..., /healthz, /readyz, /openapi/v1.json.</summary>
public static class ServicePipeline
{
    public static void UseGraderService(this WebApplication app, ServiceOptions options)
    {
        app.UseMiddleware<RequestLogging>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<ApiKeyMiddleware>();
        app.UseRouting();
        app.UseRateLimiter();

        var api = app.MapGroup("/api/v1").RefuseInviteesByDefault();
        KeyEndpoints.Map(api, options);
        InvitationEndpoints.Map(api, options);
        WebhookEndpoints.Map(api, options);
        ExerciseEndpoints.Map(api, options);
        SubmissionEndpoints.Map(api, options);
        SubmissionEventEndpoints.Map(api);
        RunEndpoints.Map(api, options);
        HealthEndpoints.Map(app);
        app.MapOpenApi();
    }
}
