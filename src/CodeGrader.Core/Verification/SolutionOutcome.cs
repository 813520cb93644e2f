using CodeGrader.Core.Grading;
using CodeGrader.Core.Reports;
using CodeGrader.Core.Results;

namespace CodeGrader.Core.Verification;

/// <summary>
/// A file under solutions/: the verdict its folder names, the verdict it got, and its report (<paramref name="GradedAgain"/>:
/// of a second grading, alone, after it timed out beside the other gradings).
/// </summary>
public sealed record SolutionOutcome(string Path, string Folder, Verdict Required, GradeReport Report, bool GradedAgain = false)
{
    public bool AsRequired => Report.Verdict == Required;

    /// <summary>The folder names that say what a solution's verdict must be.</summary>
    public static readonly IReadOnlyDictionary<string, Verdict> Folders = new Dictionary<string, Verdict>(StringComparer.Ordinal)
    {
        ["accepted"] = Verdict.Accepted,
        ["wrong_answer"] = Verdict.WrongAnswer,
        ["time_limit"] = Verdict.TimeLimitExceeded,
        ["runtime_error"] = Verdict.RuntimeError,
    };
}
