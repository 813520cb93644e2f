using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.Json;
using CodeGrader.Core.Diagnostics;
using CodeGrader.Core.Exercises;
using CodeGrader.Core.InHost;
using CodeGrader.Python;
using Python.Runtime;
using PyObject = Python.Runtime.PyObject;

namespace CodeGrader.Core.Restrictions;

/// <summary>
/// Checks a submission's source against the exercise's restrictions before it runs (docs/exercise-format.md,
/// "restrictions"): size in bytes here, forbidden imports and names with Python's own parser (<c>ast</c>, in the host's
/// Python: the source is parsed, never run). Each problem is a diagnostic at its exact span.
/// </summary>
internal static class RestrictionChecker
{
    /// <summary>At most this many diagnostics per forbidden name (the first occurrences).</summary>
    public const int MaxPerName = 5;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static ImmutableArray<Diagnostic> Check(ReadOnlySpan<byte> source, string fileName, ExerciseRestrictions restrictions, LibPythonLocation python)
    {
        if (restrictions.IsEmpty) return [];
        var diagnostics = ImmutableArray.CreateBuilder<Diagnostic>();
        if (restrictions.MaxSourceBytes is { } max && source.Length > max)
        {
            var at = PositionOf(source, (int)max);
            diagnostics.Add(new Diagnostic(RestrictionDiagnostics.SourceTooLarge, new Location(fileName, new LinePositionSpan(at, at)),
                string.Create(CultureInfo.InvariantCulture, $"the source is {source.Length} bytes long; this exercise allows at most {max} bytes (the limit is crossed here)")));
            // Nothing bigger than the limit goes to the parser.
            return diagnostics.ToImmutable();
        }
        if (restrictions.ForbidImports.IsEmpty && restrictions.ForbidNames.IsEmpty) return diagnostics.ToImmutable();
        string text;
        try
        {
            text = StrictUtf8.GetString(source);
        }
        catch (DecoderFallbackException)
        {
            // Not UTF-8: the worker reports it (the source does not load), as it always has.
            return diagnostics.ToImmutable();
        }
        var json = HostPython.For(python).Run(module =>
        {
            using var imports = new PyList([.. restrictions.ForbidImports.Select(m => new PyString(m))]);
            using var names = new PyList([.. restrictions.ForbidNames.Select(n => new PyString(n))]);
            using var answer = module.InvokeMethod("restrictions", new PyString(text), imports, names);
            return answer.As<string>();
        });
        var perName = new Dictionary<string, int>(StringComparer.Ordinal);
        using var document = JsonDocument.Parse(json);
        foreach (var found in document.RootElement.EnumerateArray())
        {
            switch (found[0].GetString())
            {
                case "import":
                    diagnostics.Add(new Diagnostic(RestrictionDiagnostics.ForbiddenImport, new Location(fileName, Span(found[3])),
                        $"'{found[1].GetString()}' is not allowed: this exercise forbids importing {found[2].GetString()}"));
                    break;
                case "name":
                    var name = found[1].GetString()!;
                    perName[name] = perName.GetValueOrDefault(name) + 1;
                    diagnostics.Add(new Diagnostic(RestrictionDiagnostics.ForbiddenName, new Location(fileName, Span(found[2])),
                        $"'{name}' is not allowed in this exercise"));
                    break;
                case "too_deep":
                    diagnostics.Add(new Diagnostic(RestrictionDiagnostics.SourceTooDeep, Location.StartOf(fileName),
                        $"the source is nested too deeply for Python's parser to check it ({found[1].GetString()})"));
                    break;
            }
        }
        var ordered = diagnostics.OrderBy(d => d.Location.Span.Start.Line).ThenBy(d => d.Location.Span.Start.Character).ToList();
        var kept = new Dictionary<string, int>(StringComparer.Ordinal);
        return [.. ordered.Where(d => d.Descriptor != RestrictionDiagnostics.ForbiddenName
            || (kept[d.Message] = kept.GetValueOrDefault(d.Message) + 1) <= MaxPerName)];
    }

    private static LinePositionSpan Span(JsonElement span) =>
        new(new LinePosition(span[0].GetInt32(), span[1].GetInt32()), new LinePosition(span[2].GetInt32(), span[3].GetInt32()));

    /// <summary>The line and UTF-16 column of a byte offset (lines end at \r\n, \r or \n, as Python's).</summary>
    private static LinePosition PositionOf(ReadOnlySpan<byte> source, int offset)
    {
        var line = 0;
        var lineStart = 0;
        for (var i = 0; i < offset; i++)
        {
            if (source[i] == '\n' || (source[i] == '\r' && (i + 1 >= source.Length || source[i + 1] != '\n')))
            {
                line++;
                lineStart = i + 1;
            }
        }
        return new LinePosition(line, Encoding.UTF8.GetCharCount(source[lineStart..offset]));
    }
}
