namespace CodeGrader.Service.Access;

/// <summary>What a key may do. Admin: everything, and issue keys. Author: upload exercises, see everything graded.
/// CI: submit in batches and read its own submissions in full. Candidate: read exercises as candidates see them,
/// run samples, submit, and read only its own submissions in the candidate view.</summary>
public static class Roles
{
    public const string Admin = "admin";
    public const string Author = "author";
    public const string Ci = "ci";
    public const string Candidate = "candidate";

    public static readonly IReadOnlyList<string> All = [Admin, Author, Ci, Candidate];

    public static readonly string[] Authors = [Admin, Author];

    public static bool IsKnown(string? role) => role is not null && All.Contains(role);
}
