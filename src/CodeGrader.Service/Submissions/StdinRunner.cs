using System.Text;
using CodeGrader.Core.Engine;
using CodeGrader.Core.Exercises;
using CodeGrader.Core.Execution;
using CodeGrader.Core.Programs;

namespace CodeGrader.Service.Submissions;

/// <summary>
/// The candidate's "Run" on an input of their own, for program exercises: the source runs once on that stdin in a
/// fresh sandboxed worker, within the exercise's limits (time, memory, output), and nothing is stored. No test is
/// involved, so its output may be shown. As many run at once as there are grading loops; beyond that, null (503).
/// </summary>
public sealed class StdinRunner(GradingEngine engine, ServiceOptions options) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(options.GradingLoops, options.GradingLoops);

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
        if (!await _slots.WaitAsync(TimeSpan.FromSeconds(2), cancellationToken).ConfigureAwait(false)) return null;
        try
        {
            var source = new SubmissionSource(GradingService.FileName, Encoding.UTF8.GetBytes(submission.Source));
            return await engine.RunProgramAsync(source, stdin, Limits(submission.Prepared.Exercise.Limits), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _slots.Release();
        }
    }

    public void Dispose() => _slots.Dispose();
}
