using CodeGrader.Service.Access;
using CodeGrader.Service.Configuration;
using CodeGrader.Service.Http;
using CodeGrader.Service.Storage;

namespace CodeGrader.Service.Operations;

/// <summary>
/// Who reaches <c>/metrics</c> (<see cref="MetricsOptions.Access"/>): admin keys (<c>Authorization: Bearer</c>, as
/// Prometheus sends them; 401 without a known key, 403 for any other role), anyone, or anyone on the loopback
/// listener of its own, which serves nothing else (and then the service's own addresses do not serve it).
/// </summary>
public sealed class MetricsAccessMiddleware(RequestDelegate next, ServiceOptions options)
{
    public const string Path = "/metrics";

    public async Task InvokeAsync(HttpContext context, IKeyStore keys)
    {
        var metrics = options.Metrics;
        var isMetrics = context.Request.Path.Equals(Path, StringComparison.Ordinal);
        if (metrics.Access == MetricsAccess.Loopback)
        {
            var onLoopbackListener = context.Connection.LocalPort == metrics.Port && context.Connection.LocalIpAddress is { } local && System.Net.IPAddress.IsLoopback(local);
            if (isMetrics != onLoopbackListener)
            {
                await Problems.NotFound(isMetrics ? $"Metrics are served on 127.0.0.1:{metrics.Port} only." : "This listener serves /metrics only.").ExecuteAsync(context).ConfigureAwait(false);
                return;
            }
        }
        else if (isMetrics && metrics.Access == MetricsAccess.Admin)
        {
            var presented = ApiKeyMiddleware.Presented(context.Request);
            var key = presented is null ? null : await keys.FindByHashAsync(ApiKeys.Hash(presented), context.RequestAborted).ConfigureAwait(false);
            if (key is null)
            {
                context.Response.Headers.WWWAuthenticate = "Bearer";
                await Problems.Unauthorized("/metrics needs an admin key: send 'Authorization: Bearer <key>'.").ExecuteAsync(context).ConfigureAwait(false);
                return;
            }
            if (key.Role != Roles.Admin)
            {
                await Problems.Forbidden($"A key with role '{key.Role}' may not read /metrics; it needs 'admin'.").ExecuteAsync(context).ConfigureAwait(false);
                return;
            }
        }
        await next(context).ConfigureAwait(false);
    }
}
