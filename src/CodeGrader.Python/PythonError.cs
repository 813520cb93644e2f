namespace CodeGrader.Python;

/// <summary>One frame of a Python traceback; <paramref name="Repeated"/> counts identical frames folded into it (deep recursion).</summary>
public sealed record PythonFrame(string File, int Line, string Function, int Repeated = 0)
{
    /// <summary>The lines Python prints for this frame: <c>File "f.py", line 2, in g</c>, then the repetition note if any.</summary>
    public IEnumerable<string> Lines()
    {
        yield return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"File \"{File}\", line {Line}, in {Function}");
        if (Repeated > 0) yield return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"[Previous line repeated {Repeated} more times]");
    }
}

/// <summary>
/// A Python exception as data: its type and base classes (qualified names, most derived first), its message,
/// the traceback (outermost first) and the line it points at. Made while holding the GIL; safe to keep after.
/// </summary>
public sealed record PythonError(
    string Type,
    IReadOnlyList<string> Bases,
    string Message,
    IReadOnlyList<PythonFrame> Traceback,
    int? Line,
    int? Column = null)
{
    /// <summary>Harness code is compiled with file names in angle brackets starting with this prefix.</summary>
    public const string HarnessFilePrefix = "<codegrader";

    /// <summary>True when this exception is, or derives from, the named type (e.g. <c>ValueError</c>).</summary>
    public bool IsA(string typeName) => Type == typeName || Bases.Contains(typeName);

    /// <summary>
    /// The traceback as a candidate should see it: frames before the first one of <paramref name="candidateFile"/>
    /// and every harness frame removed, the line taken from the deepest candidate frame.
    /// </summary>
    public PythonError TrimmedTo(string candidateFile)
    {
        var first = -1;
        for (var i = 0; i < Traceback.Count; i++)
        {
            if (Traceback[i].File == candidateFile) { first = i; break; }
        }
        var kept = first < 0
            ? []
            : Traceback.Skip(first).Where(f => !f.File.StartsWith(HarnessFilePrefix, StringComparison.Ordinal)).ToList();
        var deepest = kept.LastOrDefault(f => f.File == candidateFile);
        return this with { Traceback = kept, Line = deepest?.Line ?? Line };
    }

    public override string ToString() => Message.Length == 0 ? Type : $"{Type}: {Message}";
}
