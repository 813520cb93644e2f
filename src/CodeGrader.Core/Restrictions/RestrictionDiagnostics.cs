using CodeGrader.Core.Diagnostics;

namespace CodeGrader.Core.Restrictions;

/// <summary>A submission that breaks an exercise's restrictions (CG3xxx): it is not run, and its verdict is compile_error.</summary>
internal static class RestrictionDiagnostics
{
    public static readonly DiagnosticDescriptor ForbiddenImport = new("CG3001", "Forbidden import", "Restrictions", DiagnosticSeverity.Error);
    public static readonly DiagnosticDescriptor ForbiddenName = new("CG3002", "Forbidden name", "Restrictions", DiagnosticSeverity.Error);
    public static readonly DiagnosticDescriptor SourceTooLarge = new("CG3003", "Source too large", "Restrictions", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor SourceTooDeep = new("CG3004", "Source too deeply nested to check", "Restrictions", DiagnosticSeverity.Error);

    public static readonly IReadOnlyList<DiagnosticDescriptor> All = [ForbiddenImport, ForbiddenName, SourceTooLarge, SourceTooDeep];
}
