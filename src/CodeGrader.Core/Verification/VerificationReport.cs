using System.Collections.Immutable;
using CodeGrader.Core.Diagnostics;
using CodeGrader.Core.Reports;
using CodeGrader.Core.Results;

namespace CodeGrader.Core.Verification;

/// <summary>What <c>codegrader verify</c> found: every problem as a diagnostic, and the runs behind them.</summary>
public sealed record VerificationReport
{
    public required string Directory { get; init; }
    public string? Title { get; init; }
    public ImmutableArray<Diagnostic> Diagnostics { get; init; } = [];

    /// <summary>The reference graded as a submission (trusted, restrictions off); null when the exercise is invalid.</summary>
    public GradeReport? Reference { get; init; }

    public ImmutableArray<SolutionOutcome> Solutions { get; init; } = [];
    public GradeReport? Starter { get; init; }
    public TimeLimitCalibration? Calibration { get; init; }

    /// <summary>True when loading failed: the exercise is invalid (exit code 2), nothing was run.</summary>
    public bool Invalid { get; init; }

    public bool Passed => !Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);

    public int Warnings => Diagnostics.Count(d => d.Severity == DiagnosticSeverity.Warning);
}
