using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using CodeGrader.Core.Diagnostics;
using CodeGrader.Core.Exercises;

namespace CodeGrader.Core.Restrictions;

/// <summary>
/// Checks a submission's source against the exercise's restrictions before it runs (docs/exercise-format.md,
/// "restrictions"): size in bytes, forbidden imports, forbidden names. Each problem is a diagnostic at its span.
/// </summary>
internal static class RestrictionChecker
{
    /// <summary>At most this many diagnostics per forbidden name (the first occurrences).</summary>
    public const int MaxPerName = 5;

    public static ImmutableArray<Diagnostic> Check(ReadOnlySpan<byte> source, string fileName, ExerciseRestrictions restrictions)
    {
        if (restrictions.IsEmpty) return [];
        var diagnostics = ImmutableArray.CreateBuilder<Diagnostic>();
        var text = Encoding.UTF8.GetString(source);
        var lines = new SourceLines(text);
        if (restrictions.MaxSourceBytes is { } max && source.Length > max)
        {
            var at = lines.PositionOf(Encoding.UTF8.GetCharCount(source[..(int)max]));
            diagnostics.Add(new Diagnostic(RestrictionDiagnostics.SourceTooLarge, new Location(fileName, new LinePositionSpan(at, at)),
                string.Create(CultureInfo.InvariantCulture, $"the source is {source.Length} bytes long; this exercise allows at most {max} bytes (the limit is crossed here)")));
        }
        if (restrictions.ForbidImports.IsEmpty && restrictions.ForbidNames.IsEmpty) return diagnostics.ToImmutable();
        var tokens = PythonTokenizer.Tokenize(text);
        foreach (var import in ImportStatement.Find(tokens))
        {
            if (import.IsRelative || Forbidden(import, restrictions.ForbidImports) is not { } module) continue;
            var what = import.Name is null ? $"import {import.Module}" : $"from {import.Module} import {import.Name}";
            diagnostics.Add(new Diagnostic(RestrictionDiagnostics.ForbiddenImport, new Location(fileName, lines.SpanOf(import.Start, import.End)),
                $"'{what}' is not allowed: this exercise forbids importing {module}"));
        }
        foreach (var name in restrictions.ForbidNames)
        {
            var found = tokens.Where(t => t.Kind == PythonTokenKind.Name && t.Text == name).Take(MaxPerName);
            foreach (var token in found)
            {
                diagnostics.Add(new Diagnostic(RestrictionDiagnostics.ForbiddenName, new Location(fileName, lines.SpanOf(token.Start, token.End)),
                    $"'{name}' is not allowed in this exercise"));
            }
        }
        return [.. diagnostics.OrderBy(d => d.Location.Span.Start.Line).ThenBy(d => d.Location.Span.Start.Character)];
    }

    /// <summary>The forbidden module the import hits, or null: X is M or a submodule of M; for from P import n, also P.n.</summary>
    private static string? Forbidden(ImportStatement import, ImmutableArray<string> forbidden)
    {
        foreach (var module in forbidden)
        {
            if (Within(import.Module, module)) return module;
            if (import.Name is { } name && name != "*" && Within(import.Module + "." + name, module)) return module;
        }
        return null;
    }

    private static bool Within(string imported, string module) =>
        imported == module || imported.StartsWith(module + ".", StringComparison.Ordinal);
}
