using System.Collections.Immutable;
using CodeGrader.Core.Diagnostics;

namespace CodeGrader.Core.Results;

/// <summary>A diagnostic as reports show it: one-based positions and the source line it points into.</summary>
public sealed record ReportDiagnostic(
    string Id, DiagnosticSeverity Severity, string Message, string File, int Line, int Column, int EndLine, int EndColumn, string? SourceLine)
{
    public static ReportDiagnostic From(Diagnostic diagnostic, string? sourceLine) => new(
        diagnostic.Id, diagnostic.Severity, diagnostic.Message, diagnostic.Location.Path,
        diagnostic.Location.Span.Start.Line + 1, diagnostic.Location.Span.Start.Character + 1,
        diagnostic.Location.Span.End.Line + 1, diagnostic.Location.Span.End.Character + 1, sourceLine);

    /// <summary>Compiler style: <c>solution.py(4,5): error CG1001: message</c>.</summary>
    public override string ToString() => FormattableString.Invariant($"{File}({Line},{Column}): {Severity.ToString().ToLowerInvariant()} {Id}: {Message}");
}

/// <summary>How the submission's workers were confined; <see cref="Confined"/> false means the sandbox was off.</summary>
public sealed record SandboxInfo(string Description, bool Confined);

/// <summary>Where the time went, on the host's clock, in milliseconds.</summary>
public sealed record GradeTimings(double TotalMs, double PrepareMs, double? WorkerStartMs, double? LoadMs, double TestsMs);

/// <summary>
/// The one immutable result of grading a submission. Console text, JSON and JUnit XML are projections of it; the
/// candidate view is a redacted copy (<see cref="ReportViews.ForCandidate"/>).
/// </summary>
public sealed record GradeReport
{
    public const string Schema = "codegrader/report@1";

    public required string Exercise { get; init; }
    public required string ExerciseId { get; init; }
    public required string Submission { get; init; }
    public required Verdict Verdict { get; init; }
    public required double Score { get; init; }

    /// <summary>Why the verdict is what it is, in one sentence.</summary>
    public string? Message { get; init; }

    /// <summary>An exception raised while the submission was imported.</summary>
    public ErrorInfo? Error { get; init; }

    public ImmutableArray<TestResult> Tests { get; init; } = [];
    public ImmutableArray<ReportDiagnostic> Diagnostics { get; init; } = [];
    public required SandboxInfo Sandbox { get; init; }
    public long? PeakMemoryBytes { get; init; }
    public string? PythonVersion { get; init; }
    public required GradeTimings Timings { get; init; }
    public ReportView View { get; init; } = ReportView.Author;

    public bool Accepted => Verdict == Verdict.Accepted;
}
