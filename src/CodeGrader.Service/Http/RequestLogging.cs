using System.Diagnostics;
using System.Text.RegularExpressions;

namespace CodeGrader.Service.Http;

/// <summary>Gives every request an id (the caller's <c>X-Request-Id</c> when it is sane, else the server's), echoes it in
/// the response, scopes every log line of the request with it, and logs one line per request when it ends.</summary>
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
            logger.LogInformation("{Method} {Path} -> {Status} in {Elapsed:0.0} ms (request {RequestId})",
                context.Request.Method, context.Request.Path.Value, context.Response.StatusCode, clock.Elapsed.TotalMilliseconds, context.TraceIdentifier);
        }
    }

    [GeneratedRegex("^[A-Za-z0-9._:-]{1,64}$")]
    private static partial Regex SaneId();
}
