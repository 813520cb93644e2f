using CodeGrader.Service.Access;
using CodeGrader.Service.Http;
using CodeGrader.Service.Storage;

namespace CodeGrader.Service.Endpoints;

/// <summary><c>/api/v1/keys</c> (admin only): issue a key (shown once, in this response only) and list keys (never the keys themselves).</summary>
public static class KeyEndpoints
{
    public sealed record KeyView(long Id, string Name, string Role, DateTimeOffset CreatedAt);

    public sealed record IssuedKey(long Id, string Name, string Role, DateTimeOffset CreatedAt, string Key);

    public static void Map(RouteGroupBuilder api, ServiceOptions options)
    {
        var keys = api.MapGroup("/keys").WithTags("keys");
        keys.MapPost("/", async (HttpContext context, IKeyStore store) =>
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
                var key = ApiKeys.Generate();
                var stored = await store.AddAsync(name, role!, ApiKeys.Hash(key), context.RequestAborted).ConfigureAwait(false);
                return Results.Created($"/api/v1/keys/{stored.Id}", new IssuedKey(stored.Id, stored.Name, stored.Role, stored.CreatedAt, key));
            }
        }).Allow(Roles.Admin).WithSummary("Issue an API key (admin)");

        keys.MapGet("/", async (IKeyStore store, CancellationToken cancellationToken) =>
            Results.Ok((await store.ListAsync(cancellationToken).ConfigureAwait(false)).Select(k => new KeyView(k.Id, k.Name, k.Role, k.CreatedAt))))
            .Allow(Roles.Admin).WithSummary("List API keys (admin)");
    }
}
