using CodeGrader.Core.Engine;
using CodeGrader.Service.Http;
using CodeGrader.Service.Storage;
using CodeGrader.Service.Submissions;

namespace CodeGrader.Service.Endpoints;

/// <summary><c>/healthz</c>: the process answers. <c>/readyz</c>: the database answers, the queue has room, and the
/// sandbox is available (or explicitly switched off); 503 problem naming what is not ready otherwise. No key needed.</summary>
public static class HealthEndpoints
{
    public sealed record Health(string Status);

    public sealed record Readiness(string Status, string Database, string Queue, string Sandbox, int Grading);

    public static void Map(WebApplication app)
    {
        app.MapGet("/healthz", () => Results.Ok(new Health("ok"))).WithTags("operations");

        app.MapGet("/readyz", async (IServiceDatabase database, IGradingQueue queue, GradingEngine engine, GradingService grading, CancellationToken cancellationToken) =>
        {
            var databaseOk = await database.PingAsync(cancellationToken).ConfigureAwait(false);
            var depth = await queue.DepthAsync(cancellationToken).ConfigureAwait(false);
            var queueOk = depth.Reachable && !depth.IsFull;
            var sandboxOk = engine.Options.Sandbox != SandboxMode.Required || engine.SandboxStatus.IsAvailable;
            var sandbox = engine.SandboxStatus.Confinement?.Description ?? $"unavailable: {engine.SandboxStatus.Problem}";
            var readiness = new Readiness(
                databaseOk && queueOk && sandboxOk ? "ready" : "not ready",
                databaseOk ? "ok" : "unreachable",
                $"{queue.Kind}: {depth.Describe()}",
                sandboxOk ? sandbox : $"required but {sandbox}",
                grading.Busy);
            if (readiness.Status == "ready") return Results.Ok(readiness);
            var missing = new[] { databaseOk ? null : "the database does not answer", !depth.Reachable ? "the queue does not answer" : depth.IsFull ? "the queue is full" : null, sandboxOk ? null : "the sandbox is unavailable" };
            return Problems.Problem(503, "Not ready", string.Join("; ", missing.Where(m => m is not null)) + ".", null,
                new Dictionary<string, object?> { ["checks"] = readiness });
        }).WithTags("operations");
    }
}
