using System.Collections.Immutable;
using CodeGrader.Core.Diagnostics;
using CodeGrader.Core.Execution;
using CodeGrader.Core.Grading;
using CodeGrader.Core.Results;

namespace CodeGrader.Core.Engine;

/// <summary>
/// The reports a batch writes for submissions it could not grade, each an internal error that says why and scores 0,
/// so every submission has its line and the batch goes on.
/// </summary>
internal static class UngradedReports
{
    /// <summary>The exercise did not load or prepare: its diagnostics say what is wrong with it (the candidate view drops them).</summary>
    public static GradeReport InvalidExercise(GradeJob job, ImmutableArray<Diagnostic> diagnostics, IWorkerConfinement confinement) => new()
    {
        Exercise = job.ExerciseDirectory,
        ExerciseId = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(job.ExerciseDirectory))),
        Submission = job.Submission.FileName,
        Verdict = Verdict.InternalError,
        Score = 0,
        Message = $"not graded: the exercise is invalid ({ExerciseInvalidException.Summary(diagnostics)})",
        Diagnostics = [.. diagnostics.Select(d => ReportDiagnostic.From(d, null))],
        Sandbox = new SandboxInfo(confinement.Description, confinement.IsConfined),
        Timings = new GradeTimings(0, 0, null, null, 0),
    };

    /// <summary>
    /// The host failed while grading it (an error of the grader's or of the machine, never of the submission's: whatever
    /// the submission does is a verdict): every test not run, the exception's type named (its message, which may hold
    /// host paths, goes to the log only).
    /// </summary>
    public static Task<GradeReport> HostFailureAsync(PreparedExercise exercise, GradeJob job, Exception error, IWorkerConfinement confinement) =>
        new GradeReportBuilder(exercise.Exercise, job.Submission, confinement).NotRunAsync(Verdict.InternalError,
            $"the grader failed on this submission ({error.GetType().Name}; its log has the details), and the batch went on",
            [], null, TimeSpan.Zero);
}
