namespace CodeGrader.Core.Comparison;

/// <summary>How program output is compared (docs/exercise-format.md, "compare").</summary>
public enum OutputComparison
{
    /// <summary>Character for character.</summary>
    Exact,
    /// <summary>Lines split into whitespace-separated tokens; trailing empty lines dropped.</summary>
    Whitespace,
}

/// <summary>How one test's actual value is compared with the expected one. Immutable; change with <c>with</c>.</summary>
public sealed record ComparisonOptions
{
    public static readonly ComparisonOptions Default = new();

    public Tolerance Tolerance { get; init; } = Tolerance.Exact;

    /// <summary>Every list and tuple, at any depth, compares as a multiset.</summary>
    public bool Unordered { get; init; }

    /// <summary>
    /// <c>types: exact</c>: an instance of a subclass of a built-in type (a Counter, a namedtuple) does not match its base
    /// type. Off by default (<c>types: base</c>): it compares by its base value, as Python's <c>==</c> would.
    /// </summary>
    public bool ExactTypes { get; init; }

    public OutputComparison Output { get; init; } = OutputComparison.Exact;
}
