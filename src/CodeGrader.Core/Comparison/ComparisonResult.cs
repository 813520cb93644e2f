namespace CodeGrader.Core.Comparison;

/// <summary>
/// The outcome of comparing an actual value with the expected one: a match, or where and how they differ.
/// <see cref="Path"/> is the first differing place (<c>[3]['key']</c>, empty at the top), <see cref="Message"/>
/// one line for people, <see cref="Diff"/> an optional few lines for long strings and output.
/// </summary>
internal sealed record ComparisonResult(bool IsMatch, string Path, string Message, string? Diff = null)
{
    public static readonly ComparisonResult Match = new(true, "", "");

    public static ComparisonResult Mismatch(string path, string message, string? diff = null) =>
        new(false, path, path.Length == 0 ? message : $"at {path}: {message}", diff);
}
