namespace CodeGrader.Core.Diagnostics;

/// <summary>A zero-based position, as Roslyn keeps them; printed one-based.</summary>
public readonly record struct LinePosition(int Line, int Character);

/// <summary>A zero-based, end-exclusive span of a file.</summary>
public readonly record struct LinePositionSpan(LinePosition Start, LinePosition End)
{
    /// <summary>From the one-based line and column pairs Python reports.</summary>
    public static LinePositionSpan FromOneBased(int line, int column, int endLine, int endColumn) =>
        new(new LinePosition(Math.Max(line - 1, 0), Math.Max(column - 1, 0)),
            new LinePosition(Math.Max(endLine - 1, 0), Math.Max(endColumn - 1, 0)));
}

/// <summary>Where a diagnostic points: a file and a span in it.</summary>
public sealed record Location(string Path, LinePositionSpan Span)
{
    public static Location StartOf(string path) => new(path, default);
}
