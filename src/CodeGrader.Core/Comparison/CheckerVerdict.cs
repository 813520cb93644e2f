namespace CodeGrader.Core.Comparison;

/// <summary>
/// What the exercise's checker said about one value: passed or not, with its message; or <see cref="Fault"/> when the
/// checker itself failed (raised, or returned something else than a bool or a (bool, str)): the exercise's fault.
/// </summary>
internal sealed record CheckerVerdict(bool Passed, string? Message, string? Fault = null)
{
    public static CheckerVerdict Faulted(string fault) => new(false, null, fault);
}
