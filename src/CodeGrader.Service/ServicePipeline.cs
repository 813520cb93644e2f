using CodeGrader.Service.Access;
using CodeGrader.Service.Endpoints;
using CodeGrader.Service.Http;
using CodeGrader.Service.Operations;
using CodeGrader.Service.Web;
using Microsoft.AspNetCore.HttpOverrides;
using Prometheus;

namespace CodeGrader.Service;

/// <summary>The request pipeline: forwarded headers from known proxies, request id and logging, security headers (CSP)
/// on everything, problem details for every error (exceptions and bare status codes too), the web page's files, who may
/// read /metrics, HTTP metrics, the sign-in cookie standing for the key, keys and invitations under /api, per-key rate
/// limits, then the endpoints (invitations refused unless an endpoint allows them): /api/v1/..., the web page's paths,
/// /healthz, /readyz, /metrics, /openapi/v1.json, and the Judge0-compatible endpoint under its prefix (/judge0, keys in
/// X-Auth-Token).</summary>
public static class ServicePipeline
{
    public static void UseGraderService(this WebApplication app, ServiceOptions options)
    {
        if (options.ForwardedHeaders.Enabled) app.UseForwardedHeaders(ForwardedHeaders(options));
        app.UseMiddleware<RequestLogging>();
        app.UseMiddleware<SecurityHeaders>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        WebPages.Use(app);
        app.UseMiddleware<MetricsAccessMiddleware>();
        app.UseRouting();
        var metrics = app.Services.GetRequiredService<ServiceMetrics>();
        app.UseHttpMetrics(o => o.SetMetricFactory(metrics.Factory));
        app.UseMiddleware<CookieAuthentication>();
        app.UseMiddleware<ApiKeyMiddleware>();
        app.UseRateLimiter();

        var api = app.MapGroup("/api/v1").RefuseInviteesByDefault();
        KeyEndpoints.Map(api, options);
        InvitationEndpoints.Map(api, options);
        WebhookEndpoints.Map(api, options);
        ExerciseEndpoints.Map(api, options);
        SubmissionEndpoints.Map(api, options);
        SubmissionEventEndpoints.Map(api);
        RunEndpoints.Map(api, options);
        StatisticsEndpoints.Map(api);
        SessionEndpoints.Map(api);
        WebPages.Map(app);
        HealthEndpoints.Map(app);
        Judge0.Judge0Endpoints.Map(app, options);
        app.MapOpenApi();
        app.MapMetrics(MetricsAccessMiddleware.Path, metrics.Registry);
    }

    private static ForwardedHeadersOptions ForwardedHeaders(ServiceOptions options)
    {
        var forwarded = new ForwardedHeadersOptions
        {
            ForwardedHeaders = Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedFor
                | Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedProto
                | Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedHost,
        };
        forwarded.KnownProxies.Clear();
        forwarded.KnownIPNetworks.Clear();
        foreach (var proxy in options.ForwardedHeaders.KnownProxies) forwarded.KnownProxies.Add(System.Net.IPAddress.Parse(proxy));
        foreach (var network in options.ForwardedHeaders.KnownNetworks) forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
        return forwarded;
    }
}
