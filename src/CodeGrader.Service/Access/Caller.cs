using CodeGrader.Core.Results;
using CodeGrader.Service.Storage;

namespace CodeGrader.Service.Access;

/// <summary>Who made the request: the key's id, name and role, resolved by <see cref="ApiKeyMiddleware"/>.</summary>
public sealed record Caller(long KeyId, string Name, string Role)
{
    private const string ItemKey = "CodeGrader.Caller";

    public static Caller From(StoredKey key) => new(key.Id, key.Name, key.Role);

    public bool IsAuthor => Role is Roles.Admin or Roles.Author;

    /// <summary>Sees every submission, not only its own.</summary>
    public bool SeesAllSubmissions => IsAuthor;

    /// <summary>How reports are shown to this caller: only candidates get the candidate view.</summary>
    public ReportView ReportView => Role == Roles.Candidate ? ReportView.Candidate : ReportView.Author;

    public static Caller Of(HttpContext context) =>
        context.Items[ItemKey] as Caller ?? throw new InvalidOperationException("no caller: the endpoint is outside /api or the key middleware did not run");

    public static void Set(HttpContext context, Caller caller) => context.Items[ItemKey] = caller;
}
