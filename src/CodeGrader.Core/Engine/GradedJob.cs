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
}
