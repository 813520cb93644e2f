using System.Text.RegularExpressions;

namespace CodeGrader.Service.Exercises;

/// <summary>An exercise's id names its folder on disk, so it is kept to letters, digits, '-' and '_'.</summary>
public static partial class ExerciseIds
{
    public static bool IsValid(string? id) => id is not null && Pattern().IsMatch(id);

    public const string Rule = "1 to 64 letters, digits, '-' or '_', starting with a letter or digit";

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")]
    private static partial Regex Pattern();
}
