using CodeGrader.Service.Storage;
using Prometheus;

namespace CodeGrader.Service.Operations;

/// <summary>
/// The service's Prometheus metrics, in a registry of its own (one per server, so several servers in one process keep
/// theirs apart): the queue's depth counted from the database at each scrape (right whichever queue feeds the
/// graders, and on every node alike), time from submit to result, verdicts, busy graders, the .NET process's own
/// metrics, and the HTTP request metrics of prometheus-net's middleware.
/// </summary>
public sealed class ServiceMetrics
{
    private readonly Gauge _queued;
    private readonly Gauge _busy;
    private readonly Histogram _timeToResult;
    private readonly Counter _verdicts;

    public ServiceMetrics(ISubmissionStore submissions, ServiceOptions options)
    {
        ArgumentNullException.ThrowIfNull(submissions);
        ArgumentNullException.ThrowIfNull(options);
        Registry = Prometheus.Metrics.NewCustomRegistry();
        DotNetStats.Register(Registry);
        Factory = Prometheus.Metrics.WithCustomRegistry(Registry);
        _queued = Factory.CreateGauge("codegrader_queue_depth", "Submissions waiting to be graded (status queued in the database).");
        _busy = Factory.CreateGauge("codegrader_grading_busy", "Submissions being graded now by this node's grading workers.");
        Factory.CreateGauge("codegrader_grading_workers", "Grading workers on this node (each grades one submission at a time).").Set(options.GradingLoops);
        _timeToResult = Factory.CreateHistogram("codegrader_submit_to_result_seconds", "Time from a submission being stored to its result being stored.",
            new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.05, 2, 13) }); // 50 ms .. 205 s
        _verdicts = Factory.CreateCounter("codegrader_verdicts_total", "Submissions graded, by verdict.", new CounterConfiguration { LabelNames = ["verdict"] });
        Registry.AddBeforeCollectCallback(async cancellationToken => _queued.Set(await submissions.CountQueuedAsync(cancellationToken).ConfigureAwait(false)));
    }

    public CollectorRegistry Registry { get; }

    /// <summary>For prometheus-net's HTTP middleware, so its metrics land in this registry.</summary>
    public IMetricFactory Factory { get; }

    public void GradingStarted() => _busy.Inc();

    public void GradingEnded() => _busy.Dec();

    /// <summary>A submission's result is stored: its verdict counted, its time from submit observed.</summary>
    public void Graded(string verdict, DateTimeOffset submittedAt)
    {
        _verdicts.WithLabels(verdict).Inc();
        _timeToResult.Observe(Math.Max(0, (DateTimeOffset.UtcNow - submittedAt).TotalSeconds));
    }
}
