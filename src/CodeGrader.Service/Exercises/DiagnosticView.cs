using CodeGrader.Core.Diagnostics;
using CodeGrader.Core.Results;

namespace CodeGrader.Service.Exercises;

/// <summary>A diagnostic as report@1 writes one; <c>file</c> relative to the exercise folder.</summary>
public sealed record DiagnosticView(string Id, string Severity, string Message, string File, int Line, int Column, int EndLine, int EndColumn)
{
    public static DiagnosticView From(Diagnostic diagnostic, string folder)
    {
        var d = ReportDiagnostic.From(diagnostic, null);
        var file = Path.IsPathRooted(d.File) ? Path.GetRelativePath(folder, d.File) : d.File;
        if (file.StartsWith("..", StringComparison.Ordinal)) file = Path.GetFileName(d.File);
        return new(d.Id, d.Severity.ToString().ToLowerInvariant(), d.Message.Replace(folder, ".", StringComparison.Ordinal), file, d.Line, d.Column, d.EndLine, d.EndColumn);
    }
}
