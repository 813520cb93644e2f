using CodeGrader.Core.Diagnostics;

namespace CodeGrader.Core.Restrictions;

/// <summary>Maps character indexes of a source text to zero-based line and column positions.</summary>
internal sealed class SourceLines
{
    private readonly List<int> _starts = [0];

    public SourceLines(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n' || (text[i] == '\r' && (i + 1 == text.Length || text[i + 1] != '\n'))) _starts.Add(i + 1);
        }
    }

    public LinePosition PositionOf(int index)
    {
        var line = _starts.BinarySearch(index);
        if (line < 0) line = ~line - 1;
        return new LinePosition(line, index - _starts[line]);
    }

    public LinePositionSpan SpanOf(int start, int end) => new(PositionOf(start), PositionOf(end));
}
