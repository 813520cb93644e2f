namespace CodeGrader.Core.Restrictions;

internal enum PythonTokenKind
{
    Name,
    Number,
    String,
    Operator,
    /// <summary>The end of a logical line (a newline outside brackets, or the end of the source).</summary>
    Newline,
}

/// <summary>A token of Python source: its kind, text and where it is (<see cref="Start"/> and <see cref="End"/> index the source).</summary>
internal readonly record struct PythonToken(PythonTokenKind Kind, string Text, int Start, int End)
{
    public bool Is(string text) => Kind is PythonTokenKind.Operator or PythonTokenKind.Name && Text == text;
}
