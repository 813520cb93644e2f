using System.Text.Json;
using System.Text.Json.Nodes;
using CodeGrader.Core.Grading;
using CodeGrader.Service.Access;
using CodeGrader.Service.Http;
using CodeGrader.Service.Reports;
using CodeGrader.Service.Storage;
using CodeGrader.Service.Submissions;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace CodeGrader.Service.Endpoints;

/// <summary>
/// <c>GET /api/v1/submissions/{id}/events</c>: Server-Sent Events. <c>event: test</c> for each test as it finishes (a
/// report@1 <c>tests[]</c> entry in the caller's view), then <c>event: report</c> with the report@1 document in the
/// caller's view; a submission that ends without a report (cancelled, failed) ends with <c>event: end</c> and the
/// submission. A submission graded before the stream opened replays its tests from the stored report.
/// </summary>
public static class SubmissionEventEndpoints
{
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/submissions/{id:long}/events", async (long id, HttpContext context, ISubmissionStore store, SubmissionEvents events,
            IHostApplicationLifetime lifetime, IOptions<JsonOptions> json) =>
        {
            var caller = Caller.Of(context);
            if (await SubmissionEndpoints.Visible(store, id, caller, context.RequestAborted).ConfigureAwait(false) is null)
                return SubmissionEndpoints.NotFound(id);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
            var token = stop.Token;
            var response = context.Response;
            response.ContentType = "text/event-stream";
            response.Headers.CacheControl = "no-cache";
            response.Headers["X-Accel-Buffering"] = "no";
            await response.Body.FlushAsync(token).ConfigureAwait(false);

            using var subscription = events.Subscribe(id);
            var submission = (await store.GetAsync(id, token).ConfigureAwait(false))!;
            var streamed = false;
            try
            {
                if (submission.Status is SubmissionStatus.Queued or SubmissionStatus.Running)
                {
                    streamed = true;
                    while (true)
                    {
                        SubmissionEvents.Item item;
                        using (var wait = CancellationTokenSource.CreateLinkedTokenSource(token))
                        {
                            wait.CancelAfter(KeepAlive);
                            try
                            {
                                if (!await subscription.Reader.WaitToReadAsync(wait.Token).ConfigureAwait(false)) break;
                                item = await subscription.Reader.ReadAsync(wait.Token).ConfigureAwait(false);
                            }
                            catch (OperationCanceledException) when (!token.IsCancellationRequested)
                            {
                                // An end published from another process may have been lost (Redis restarting): the store says.
                                var now = (await store.GetAsync(id, token).ConfigureAwait(false))!;
                                if (now.Status is not (SubmissionStatus.Queued or SubmissionStatus.Running)) break;
                                await response.WriteAsync(": keep-alive\n\n", token).ConfigureAwait(false);
                                await response.Body.FlushAsync(token).ConfigureAwait(false);
                                continue;
                            }
                        }
                        if (item is SubmissionEvents.Ended) break;
                        if (item is SubmissionEvents.Test test)
                            await WriteAsync(response, "test", ReportJson.Test(((TestFinished)test.Finished.ForView(caller.ReportView)).Result), token).ConfigureAwait(false);
                    }
                    submission = (await store.GetAsync(id, token).ConfigureAwait(false))!;
                }
                if (submission.ReportJson is { } report)
                {
                    var node = ReportJson.InView(report, caller.ReportView);
                    if (!streamed)
                        foreach (var t in node["tests"]!.AsArray()) await WriteAsync(response, "test", t!.DeepClone(), token).ConfigureAwait(false);
                    await WriteAsync(response, "report", node, token).ConfigureAwait(false);
                }
                else
                {
                    var view = JsonSerializer.SerializeToNode(SubmissionView.For(submission, caller), json.Value.SerializerOptions)!;
                    await WriteAsync(response, "end", view, token).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                // The client went away, or the server is stopping: the submission itself is unaffected.
            }
            return Results.Empty;
        }).AllowInvitees().WithTags("submissions").WithSummary("Live events (Server-Sent Events): each test as it finishes, then the report");
    }

    private static async Task WriteAsync(HttpResponse response, string name, JsonNode data, CancellationToken token)
    {
        await response.WriteAsync($"event: {name}\ndata: {data.ToJsonString(Compact)}\n\n", token).ConfigureAwait(false);
        await response.Body.FlushAsync(token).ConfigureAwait(false);
    }

    private static readonly JsonSerializerOptions Compact = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
