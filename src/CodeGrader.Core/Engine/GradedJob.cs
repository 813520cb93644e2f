using System.Collections.Immutable;
using CodeGrader.Core.Diagnostics;
using CodeGrader.Core.Reports;
using CodeGrader.Core.Results;

namespace CodeGrader.Core.Engine;

/// <summary>
/// A job of <see cref="GradingEngine.GradeManyAsync"/> and its report. When the job's exercise is invalid the report
/// is an internal error naming the exercise, and <see cref="ExerciseDiagnostics"/> holds why.
/// </summary>
public sealed record GradedJob(GradeJob Job, GradeReport Report, ImmutableArray<Diagnostic> ExerciseDiagnostics)
{
    public bool ExerciseInvalid => ExerciseDiagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);

    /// <summary>
    /// The host failed while grading it (an error of the grader's or the machine's, never of the submission's): the
    /// report is an internal error, and grading it again may well succeed.
    /// </summary>
    public bool GraderFailed { get; init; }
}
