using System.Diagnostics;
using System.Text.RegularExpressions;

namespace CodeGrader.Service.Http;

/// <summary>Gives every request an id (the caller's <c>X-Request-Id</c> when it is sane, else the server's), echoes it in
/// the response, scopes every log line of the request with it (a <c>RequestId</c> field in JSON logs), and logs one
/// line per request when it ends, with the client's address and scheme (as forwarded by a known proxy, when one is).</summary>
public sealed partial class RequestLogging(RequestDelegate next, ILogger<RequestLogging> logger)
{
    public const string Header = "X-Request-Id";

    public async Task InvokeAsync(HttpContext context)
    {
        var incoming = context.Request.Headers[Header].ToString();
        if (SaneId().IsMatch(incoming)) context.TraceIdentifier = incoming;
        context.Response.Headers[Header] = context.TraceIdentifier;
        using var scope = logger.BeginScope("request {RequestId}", context.TraceIdentifier);
        var clock = Stopwatch.StartNew();
        try
        {
            await next(context).ConfigureAwait(false);
        }
        finally
        {
            logger.LogInformation("{Method} {Scheme}://{Host}{Path} from {RemoteIp} -> {Status} in {Elapsed:0.0} ms (request {RequestId})",
                context.Request.Method, context.Request.Scheme, context.Request.Host.Value, context.Request.Path.Value, context.Connection.RemoteIpAddress,
                context.Response.StatusCode, clock.Elapsed.TotalMilliseconds, context.TraceIdentifier);
        }
    }

    [GeneratedRegex("^[A-Za-z0-9._:-]{1,64}$")]
    private static partial Regex SaneId();
}
