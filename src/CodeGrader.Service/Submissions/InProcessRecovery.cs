using CodeGrader.Service.Storage;

namespace CodeGrader.Service.Submissions;

/// <summary>The in-process queue starts empty: submissions the last run left queued or running are queued again.</summary>
public sealed class InProcessRecovery(GradingQueue queue, ISubmissionStore submissions, ILogger<InProcessRecovery> logger) : IQueueRecovery
{
    public async Task RecoverAsync(CancellationToken cancellationToken)
    {
        var recovered = await submissions.RequeueUnfinishedAsync(cancellationToken).ConfigureAwait(false);
        if (recovered.Count > 0) logger.LogInformation("{Count} submissions left from the last run are queued again", recovered.Count);
        foreach (var id in recovered) await queue.EnqueueRecoveredAsync(id, cancellationToken).ConfigureAwait(false);
    }
}
