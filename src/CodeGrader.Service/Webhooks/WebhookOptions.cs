namespace CodeGrader.Service.Webhooks;

/// <summary>The <c>Webhooks</c> configuration section: where callbacks may go and how deliveries are retried.</summary>
public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>Lets callbacks reach loopback, private, link-local and other non-public addresses (off: an SSRF guard).</summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>Attempts per delivery, the first included.</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>The wait after the first failed attempt; each next wait is <see cref="BackoffFactor"/> times longer, up to <see cref="MaxDelay"/>.</summary>
    public TimeSpan FirstDelay { get; set; } = TimeSpan.FromSeconds(10);

    public double BackoffFactor { get; set; } = 2;

    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long one attempt may take (connect, send, the response's status).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the database is looked at for due deliveries when nothing wakes the sender sooner.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Deliveries sent at once.</summary>
    public int Concurrency { get; set; } = 4;

    /// <summary>The wait after failed attempt <paramref name="attempt"/> (1-based).</summary>
    public TimeSpan DelayAfter(int attempt)
    {
        var delay = FirstDelay.TotalMilliseconds * Math.Pow(BackoffFactor, Math.Max(0, attempt - 1));
        return TimeSpan.FromMilliseconds(Math.Min(delay, MaxDelay.TotalMilliseconds));
    }
}
