namespace CodeGrader.Service.Access;

/// <summary>The <c>RateLimits</c> configuration section: permits per key (or invitation) per window, by role. 0 means no
/// limit. <c>Requests</c> counts every /api request; <c>Submissions</c> counts submission requests (a batch is one) and
/// sample runs.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    public Dictionary<string, int> Requests { get; set; } = new()
    {
        [Roles.Admin] = 1200, [Roles.Author] = 1200, [Roles.Ci] = 1200, [Roles.Candidate] = 600, [Roles.Invitee] = 600,
    };

    public Dictionary<string, int> Submissions { get; set; } = new()
    {
        [Roles.Admin] = 600, [Roles.Author] = 600, [Roles.Ci] = 600, [Roles.Candidate] = 60, [Roles.Invitee] = 30,
    };
}
