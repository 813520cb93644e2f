using CodeGrader.Service.Storage;

namespace CodeGrader.Service.Submissions;

/// <summary>What happens once a submission's result is stored: when it has a callback URL, its delivery is recorded
/// (in the database, so a restart finds it) and whoever sends deliveries is woken.</summary>
public sealed class FinishedResults(ISubmissionStore submissions, IDeliveryStore deliveries, ILogger<FinishedResults> logger) : IDisposable
{
    private readonly SemaphoreSlim _wake = new(0);

    public async Task RecordAsync(long id)
    {
        try
        {
            var submission = await submissions.GetAsync(id, CancellationToken.None).ConfigureAwait(false);
            if (submission?.CallbackUrl is not { } url || !SubmissionStatus.IsFinal(submission.Status)) return;
            await deliveries.EnqueueAsync(id, url, CancellationToken.None).ConfigureAwait(false);
            if (_wake.CurrentCount == 0) _wake.Release();
        }
        catch (Exception e)
        {
            // The next start records it (IDeliveryStore.EnqueueMissingAsync).
            logger.LogError(e, "The callback of submission {Id} could not be recorded", id);
        }
    }

    /// <summary>Waits until a result with a callback is recorded, or <paramref name="timeout"/>.</summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        await _wake.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);

    public void Dispose() => _wake.Dispose();
}
