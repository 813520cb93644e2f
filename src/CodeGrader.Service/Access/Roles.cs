namespace CodeGrader.Service.Access;

/// <summary>What a key may do. Admin: everything, and issue keys. Author: upload exercises, invite candidates, see
/// everything graded. CI: submit in batches and read its own submissions in full. Candidate: read exercises as
/// candidates see them, run samples, submit, and read only its own submissions in the candidate view. Invitee: not a
/// key's role but an invitation's: a candidate bound to one exercise, with a number of submissions allowed.</summary>
public static class Roles
{
    public const string Admin = "admin";
    public const string Author = "author";
    public const string Ci = "ci";
    public const string Candidate = "candidate";
    public const string Invitee = "invitee";

    /// <summary>The roles a key may have (invitee is an invitation's, never a key's).</summary>
    public static readonly IReadOnlyList<string> All = [Admin, Author, Ci, Candidate];

    public static readonly string[] Authors = [Admin, Author];

    /// <summary>Every key's role: what an invitation is not.</summary>
    public static readonly string[] Keys = [Admin, Author, Ci, Candidate];

    public static bool IsKnown(string? role) => role is not null && All.Contains(role);
}
