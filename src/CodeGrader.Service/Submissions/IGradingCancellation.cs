namespace CodeGrader.Service.Submissions;

/// <summary>Stops a submission being graded, wherever its grading loop runs.</summary>
public interface IGradingCancellation
{
    /// <summary>True when a grading of <paramref name="id"/> was asked to stop (it then stores its end as cancelled).</summary>
    Task<bool> CancelRunningAsync(long id, CancellationToken cancellationToken);
}

/// <summary>The in-process queue: every grading loop is in this process.</summary>
public sealed class LocalCancellation(GradingService grading) : IGradingCancellation
{
    public Task<bool> CancelRunningAsync(long id, CancellationToken cancellationToken) => Task.FromResult(grading.CancelRunning(id));
}
