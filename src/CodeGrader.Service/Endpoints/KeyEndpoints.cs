using System.Globalization;
using System.Text.Json;
using CodeGrader.Service.Access;
using CodeGrader.Service.Http;
using CodeGrader.Service.Storage;

namespace CodeGrader.Service.Endpoints;

/// <summary><c>/api/v1/keys</c> (admin only): issue a key (shown once, in this response only; optionally with <c>expires_at</c>) and list keys (never the keys themselves).</summary>
public static class KeyEndpoints
{
    public sealed record KeyView(long Id, string Name, string Role, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, bool HasWebhook);

    public sealed record IssuedKey(long Id, string Name, string Role, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, string Key);

    public static void Map(RouteGroupBuilder api, ServiceOptions options)
    {
        var keys = api.MapGroup("/keys").WithTags("keys");
        keys.MapPost("/", async (HttpContext context, IKeyStore store, TimeProvider clock) =>
        {
            var (document, problem) = await JsonBody.ReadAsync(context, options.MaxJsonBodyBytes).ConfigureAwait(false);
            if (problem is not null) return problem;
            using (document)
            {
                var root = document!.RootElement;
                var name = JsonBody.String(root, "name");
                var role = JsonBody.String(root, "role");
                if (string.IsNullOrWhiteSpace(name) || name.Length > 200) return Problems.BadRequest("'name' is required: who or what the key is for (at most 200 characters).", "/name");
                if (!Roles.IsKnown(role)) return Problems.BadRequest($"'role' must be one of {string.Join(", ", Roles.All)}.", "/role");
                DateTimeOffset? expiresAt = null;
                if (root.TryGetProperty("expires_at", out var expires) && expires.ValueKind != JsonValueKind.Null)
                {
                    if (expires.ValueKind != JsonValueKind.String || !DateTimeOffset.TryParse(expires.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
                        return Problems.BadRequest("'expires_at' must be a date and time (ISO 8601, e.g. 2026-12-01T17:00:00Z) or absent for a key that does not expire.", "/expires_at");
                    if (at <= clock.GetUtcNow()) return Problems.BadRequest($"'expires_at' ({at:O}) is not in the future.", "/expires_at");
                    expiresAt = at;
                }
                var key = ApiKeys.Generate();
                var stored = await store.AddAsync(name, role!, ApiKeys.Hash(key), expiresAt, context.RequestAborted).ConfigureAwait(false);
                return Results.Created($"/api/v1/keys/{stored.Id}", new IssuedKey(stored.Id, stored.Name, stored.Role, stored.CreatedAt, stored.ExpiresAt, key));
            }
        }).Allow(Roles.Admin).WithSummary("Issue an API key (admin)");

        keys.MapGet("/", async (IKeyStore store, CancellationToken cancellationToken) =>
            Results.Ok((await store.ListAsync(cancellationToken).ConfigureAwait(false)).Select(k => new KeyView(k.Id, k.Name, k.Role, k.CreatedAt, k.ExpiresAt, k.WebhookSecret is not null))))
            .Allow(Roles.Admin).WithSummary("List API keys (admin)");
    }
}
