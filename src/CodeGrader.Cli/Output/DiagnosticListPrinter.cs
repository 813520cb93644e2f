using CodeGrader.Core.Diagnostics;

namespace CodeGrader.Cli.Output;

/// <summary>Prints diagnostics of any files (exercise.yaml, solutions) compiler-style, each with its source line and a caret.</summary>
internal static class DiagnosticListPrinter
{
    public static void Print(TextWriter output, IEnumerable<Diagnostic> diagnostics)
    {
        var sources = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var diagnostic in diagnostics)
        {
            var path = diagnostic.Location.Path;
            if (!sources.TryGetValue(path, out var bytes))
            {
                bytes = File.Exists(path) ? File.ReadAllBytes(path) : [];
                sources[path] = bytes;
            }
            if (bytes.Length == 0 || diagnostic.Location.Span == default) output.WriteLine(diagnostic.ToString());
            else DiagnosticPrinter.Print(output, diagnostic, bytes);
        }
    }
}
