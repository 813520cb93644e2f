using System.Text;
using CodeGrader.Core.Engine;
using CodeGrader.Core.Execution;
using CodeGrader.Core.Results;

namespace CodeGrader.Service.Submissions;

/// <summary>
/// The candidate's "Run" before "Submit": grades a source against the exercise's sample tests only, at once, in a fresh
/// sandboxed worker, and stores nothing. Runs share this process's run slots (<see cref="RunGate"/>); none free, null (503).
/// </summary>
public sealed class SampleRunner(GradingEngine engine, RunGate gate)
{
    /// <summary>The samples' report; null when every runner stayed busy. The exercise must have sample tests (<see cref="HasSamples"/>).</summary>
    public async Task<GradeReport?> TryRunAsync(ValidSubmission submission, CancellationToken cancellationToken)
    {
        var samples = submission.Prepared.SamplesOnly() ?? throw new InvalidOperationException("The exercise has no sample test to run.");
        using var slot = await gate.TryEnterAsync(cancellationToken).ConfigureAwait(false);
        if (slot is null) return null;
        var source = new SubmissionSource(GradingService.FileName, Encoding.UTF8.GetBytes(submission.Source));
        return await engine.GradeAsync(samples, source, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    public static bool HasSamples(ValidSubmission submission) => submission.Prepared.Exercise.Tests.Any(t => t.Sample);
}
