using CodeGrader.Service.Access;
using CodeGrader.Service.Http;
using CodeGrader.Service.Storage;
using CodeGrader.Service.Webhooks;
using Microsoft.Extensions.Options;

namespace CodeGrader.Service.Endpoints;

/// <summary>
/// <c>PUT /api/v1/webhook</c> <c>{callback_url?}</c> (any key, for itself): a new signing secret (answered once) and,
/// optionally, the default callback URL for the key's submissions; <c>DELETE</c> clears both.
/// <c>GET /api/v1/submissions/{id}/deliveries</c>: every delivery attempt of a submission's callback, to whoever may see it.
/// </summary>
public static class WebhookEndpoints
{
    public sealed record WebhookSet(string? CallbackUrl, string Secret, string SignatureHeader);

    public sealed record AttemptView(int Number, DateTimeOffset AttemptedAt, int? StatusCode, string? Error, double DurationMs);

    public sealed record DeliveryView(long Id, string? Url, string Status, int Attempts, DateTimeOffset? NextAttemptAt, DateTimeOffset CreatedAt,
        DateTimeOffset? FinishedAt, IReadOnlyList<AttemptView> History);

    public static void Map(RouteGroupBuilder api, ServiceOptions options)
    {
        api.MapPut("/webhook", async (HttpContext context, IKeyStore keys, IOptions<WebhookOptions> webhooks) =>
        {
            var (document, problem) = await JsonBody.ReadAsync(context, options.MaxJsonBodyBytes).ConfigureAwait(false);
            if (problem is not null) return problem;
            using (document)
            {
                var root = document!.RootElement;
                if (root.TryGetProperty("callback_url", out var value) && value.ValueKind is not (System.Text.Json.JsonValueKind.String or System.Text.Json.JsonValueKind.Null))
                    return Problems.BadRequest("'callback_url' must be a string (an http or https URL) or null.", "/callback_url");
                var url = JsonBody.String(root, "callback_url");
                if (url is not null && CallbackUrls.Problem(url, webhooks.Value.AllowPrivateNetworks) is { } bad) return Problems.BadRequest(bad, "/callback_url");
                var secret = ApiKeys.GenerateWebhookSecret();
                await keys.SetWebhookAsync(Caller.Of(context).KeyId, url, secret, context.RequestAborted).ConfigureAwait(false);
                return Results.Ok(new WebhookSet(url, secret, WebhookSigner.Header));
            }
        }).Allow(Roles.Keys).WithTags("webhooks")
            .WithSummary("Set this key's webhook: a new signing secret (shown once) and an optional default callback URL for its submissions");

        api.MapDelete("/webhook", async (HttpContext context, IKeyStore keys) =>
        {
            await keys.SetWebhookAsync(Caller.Of(context).KeyId, null, null, context.RequestAborted).ConfigureAwait(false);
            return Results.NoContent();
        }).Allow(Roles.Keys).WithTags("webhooks").WithSummary("Clear this key's webhook secret and default callback URL");

        api.MapGet("/submissions/{id:long}/deliveries", async (long id, HttpContext context, ISubmissionStore submissions, IDeliveryStore deliveries) =>
        {
            var caller = Caller.Of(context);
            if (await SubmissionEndpoints.Visible(submissions, id, caller, context.RequestAborted).ConfigureAwait(false) is null)
                return SubmissionEndpoints.NotFound(id);
            var found = await deliveries.ForSubmissionAsync(id, context.RequestAborted).ConfigureAwait(false);
            return Results.Ok(found.Select(d => new DeliveryView(d.Id, caller.IsInvitee ? null : d.Url, d.Status, d.Attempts,
                d.Status == DeliveryStatus.Pending ? d.NextAttemptAt : null, d.CreatedAt, d.FinishedAt,
                [.. d.History.Select(a => new AttemptView(a.Number, a.AttemptedAt, a.StatusCode, caller.IsInvitee ? null : a.Error, a.DurationMs))])));
        }).AllowInvitees().WithTags("webhooks").WithSummary("A submission's callback deliveries, each attempt with its status code or error and duration");
    }
}
