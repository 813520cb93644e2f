using System.Text;
using CodeGrader.Core.Engine;
using CodeGrader.Core.Execution;
using CodeGrader.Core.Results;

namespace CodeGrader.Service.Submissions;

/// <summary>
/// The candidate's "Run" before "Submit": grades a source against the exercise's sample tests only, at once, in a fresh
/// sandboxed worker, and stores nothing. As many run at once as there are grading loops; beyond that, null (503).
/// </summary>
public sealed class SampleRunner(GradingEngine engine, ServiceOptions options) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(options.GradingLoops, options.GradingLoops);

    public async Task<GradeReport?> TryRunAsync(ValidSubmission submission, CancellationToken cancellationToken)
    {
        if (!await _slots.WaitAsync(TimeSpan.FromSeconds(2), cancellationToken).ConfigureAwait(false)) return null;
        try
        {
            var prepared = submission.Prepared;
            // Filtering keeps each test's index, which is what its expected value is keyed by.
            var samples = prepared with { Exercise = prepared.Exercise with { Tests = [.. prepared.Exercise.Tests.Where(t => t.Sample)] } };
            var source = new SubmissionSource(GradingService.FileName, Encoding.UTF8.GetBytes(submission.Source));
            return await engine.GradeAsync(samples, source, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _slots.Release();
        }
    }

    public void Dispose() => _slots.Dispose();
}
