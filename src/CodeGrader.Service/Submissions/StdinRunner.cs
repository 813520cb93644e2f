using System.Text;
using CodeGrader.Core.Engine;
using CodeGrader.Core.Exercises;
using CodeGrader.Core.Execution;
using CodeGrader.Core.Programs;

namespace CodeGrader.Service.Submissions;

/// <summary>
/// The candidate's "Run" on an input of their own, for program exercises: the source runs once on that stdin in a
/// fresh sandboxed worker, within the exercise's limits (time, memory, output), and nothing is stored. No test is
/// involved, so its output may be shown. Runs share this process's run slots (<see cref="RunGate"/>); none free, null (503).
/// </summary>
public sealed class StdinRunner(GradingEngine engine, RunGate gate)
{
    public static bool Accepts(ValidSubmission submission) => submission.Prepared.Exercise.Kind == ExerciseKind.Program;

    /// <summary>The exercise's limits for one run: its time limit (the wall kill a second later), memory and output.</summary>
    public static ProgramRunLimits Limits(ExerciseLimits limits) => ProgramRunLimits.Default with
    {
        Time = limits.Time,
        WallTime = limits.Time + ExerciseLimits.PerTestAllowance,
        MemoryBytes = limits.MemoryBytes,
        OutputBytes = limits.OutputCharacters,
    };

    public async Task<ProgramRun?> TryRunAsync(ValidSubmission submission, string stdin, CancellationToken cancellationToken)
    {
        using var slot = await gate.TryEnterAsync(cancellationToken).ConfigureAwait(false);
        if (slot is null) return null;
        var source = new SubmissionSource(GradingService.FileName, Encoding.UTF8.GetBytes(submission.Source));
        return await engine.RunProgramAsync(source, stdin, Limits(submission.Prepared.Exercise.Limits), cancellationToken).ConfigureAwait(false);
    }
}
