namespace CodeGrader.Core.Diagnostics;

/// <summary>Problems with a candidate's source (CG1xxx). The worker reports the first five by id.</summary>
public static class SourceDiagnostics
{
    public static readonly DiagnosticDescriptor SyntaxError = new("CG1001", "Syntax error", "Compile", DiagnosticSeverity.Error);
    public static readonly DiagnosticDescriptor NotUtf8 = new("CG1002", "Source is not valid UTF-8", "Compile", DiagnosticSeverity.Error);
    public static readonly DiagnosticDescriptor NullByte = new("CG1003", "Source contains a null byte", "Compile", DiagnosticSeverity.Error);
    public static readonly DiagnosticDescriptor MissingEntry = new("CG1004", "Entry function missing", "Compile", DiagnosticSeverity.Error);
    public static readonly DiagnosticDescriptor EntryNotCallable = new("CG1005", "Entry is not callable", "Compile", DiagnosticSeverity.Error);

    public static readonly IReadOnlyList<DiagnosticDescriptor> All = [SyntaxError, NotUtf8, NullByte, MissingEntry, EntryNotCallable];

    /// <summary>The descriptor for an id the worker sent; an unknown id keeps its text as the title.</summary>
    public static DiagnosticDescriptor ById(string id) =>
        All.FirstOrDefault(d => d.Id == id) ?? new DiagnosticDescriptor(id, id, "Compile", DiagnosticSeverity.Error);
}
