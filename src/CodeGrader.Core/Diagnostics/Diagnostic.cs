using System.Globalization;

namespace CodeGrader.Core.Diagnostics;

/// <summary>One occurrence of a problem: a descriptor, where, and the message for this case.</summary>
public sealed record Diagnostic(DiagnosticDescriptor Descriptor, Location Location, string Message)
{
    public DiagnosticSeverity Severity { get; init; } = Descriptor.DefaultSeverity;

    public string Id => Descriptor.Id;

    /// <summary>Compiler style: <c>solution.py(4,5): error CG1001: message</c> (one-based).</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Location.Path}({Location.Span.Start.Line + 1},{Location.Span.Start.Character + 1}): {Severity.ToString().ToLowerInvariant()} {Id}: {Message}");
}
