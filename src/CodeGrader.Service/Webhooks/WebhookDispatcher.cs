using System.Globalization;
using CodeGrader.Service.Storage;
using CodeGrader.Service.Submissions;
using Microsoft.Extensions.Options;

namespace CodeGrader.Service.Webhooks;

/// <summary>
/// Sends the deliveries recorded in the database: at start, those left pending by the last run (and any finished
/// submission whose delivery was never recorded); then each as it is due. Each attempt is a signed POST through
/// <see cref="WebhookSender"/>, recorded with its status code or error and its duration; a failed attempt is tried again
/// after an exponential back-off (<see cref="WebhookOptions"/>) until the attempts run out.
/// </summary>
public sealed class WebhookDispatcher(
    IDeliveryStore deliveries, WebhookPayloads payloads, WebhookSender sender, FinishedResults finished,
    IOptions<WebhookOptions> options, TimeProvider clock, ILogger<WebhookDispatcher> logger) : BackgroundService
{
    public const string FinishedEvent = "submission.finished";

    private WebhookOptions Options => options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var recovered = await deliveries.EnqueueMissingAsync(stoppingToken).ConfigureAwait(false);
            if (recovered > 0) logger.LogInformation("{Count} callbacks left unrecorded by the last run are queued", recovered);
            while (!stoppingToken.IsCancellationRequested)
            {
                var due = await deliveries.DueAsync(clock.GetUtcNow(), Options.Concurrency * 4, stoppingToken).ConfigureAwait(false);
                if (due.Count == 0)
                {
                    await finished.WaitAsync(Options.PollInterval, stoppingToken).ConfigureAwait(false);
                    continue;
                }
                await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = Options.Concurrency, CancellationToken = stoppingToken },
                    async (id, token) => await AttemptAsync(id, token).ConfigureAwait(false)).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task AttemptAsync(long id, CancellationToken stoppingToken)
    {
        try
        {
            var now = clock.GetUtcNow();
            var delivery = await deliveries.TryClaimAsync(id, now, now + Options.Timeout + TimeSpan.FromSeconds(5), stoppingToken).ConfigureAwait(false);
            if (delivery is null) return;
            var number = delivery.Attempts + 1;
            var payload = await payloads.ForAsync(delivery.SubmissionId, stoppingToken).ConfigureAwait(false);
            DeliveryOutcome outcome;
            var final = false;
            if (payload?.Secret is not { } secret)
            {
                outcome = new DeliveryOutcome(null, "the sender has no webhook secret any more (it was cleared), so the callback cannot be signed", TimeSpan.Zero);
                final = true;
            }
            else
            {
                var headers = new Dictionary<string, string>
                {
                    [WebhookSender.EventHeader] = FinishedEvent,
                    [WebhookSender.DeliveryHeader] = delivery.Id.ToString(CultureInfo.InvariantCulture),
                };
                outcome = await sender.SendAsync(HttpMethod.Post, new Uri(delivery.Url), payload.Body, secret, headers, stoppingToken).ConfigureAwait(false);
            }
            var attempt = new StoredDeliveryAttempt(number, now, outcome.StatusCode, outcome.Error, outcome.Duration.TotalMilliseconds);
            var (status, next) = outcome.Succeeded ? (DeliveryStatus.Delivered, (DateTimeOffset?)null)
                : final || number >= Options.MaxAttempts ? (DeliveryStatus.Failed, null)
                : (DeliveryStatus.Pending, clock.GetUtcNow() + Options.DelayAfter(number));
            await deliveries.RecordAttemptAsync(delivery.Id, attempt, status, next, CancellationToken.None).ConfigureAwait(false);
            if (status == DeliveryStatus.Failed)
                logger.LogWarning("The callback of submission {Submission} failed after {Attempts} attempts: {Error}", delivery.SubmissionId, number, outcome.Error);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: the claim runs out and the next start tries again.
        }
        catch (Exception e)
        {
            logger.LogError(e, "Delivery {Id} could not be attempted", id);
        }
    }
}
