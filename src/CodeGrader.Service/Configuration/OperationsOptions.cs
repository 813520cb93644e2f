namespace CodeGrader.Service.Configuration;

/// <summary>Who may read <c>/metrics</c>.</summary>
public enum MetricsAccess
{
    /// <summary>Admin keys only, on the service's own addresses (Prometheus sends <c>Authorization: Bearer &lt;key&gt;</c>).</summary>
    Admin,

    /// <summary>Anyone, on the service's own addresses (a network where only Prometheus reaches the service).</summary>
    Public,

    /// <summary>Anyone, but only on <c>http://127.0.0.1:&lt;Port&gt;</c>, a listener of its own; not on the service's addresses.</summary>
    Loopback,
}

/// <summary>The <c>Metrics</c> configuration section.</summary>
public sealed record MetricsOptions
{
    public MetricsAccess Access { get; init; } = MetricsAccess.Admin;

    /// <summary>The loopback port for <see cref="MetricsAccess.Loopback"/>.</summary>
    public int Port { get; init; }
}

/// <summary>The <c>ForwardedHeaders</c> configuration section: the reverse proxies whose <c>X-Forwarded-For</c>,
/// <c>X-Forwarded-Proto</c> and <c>X-Forwarded-Host</c> are believed. None by default: the headers are ignored.</summary>
public sealed record ReverseProxyOptions
{
    /// <summary>Proxies' addresses (<c>10.0.0.5</c>, <c>::1</c>).</summary>
    public IReadOnlyList<string> KnownProxies { get; init; } = [];

    /// <summary>Proxies' networks in CIDR form (<c>10.0.0.0/8</c>).</summary>
    public IReadOnlyList<string> KnownNetworks { get; init; } = [];

    public bool Enabled => KnownProxies.Count > 0 || KnownNetworks.Count > 0;
}

/// <summary>How the service's log lines are written to stderr.</summary>
public enum LogFormat
{
    /// <summary>One line of text per event, with the request id.</summary>
    Text,

    /// <summary>One JSON object per line, with every field and scope (the request id among them).</summary>
    Json,
}

/// <summary>The <c>Logging</c> configuration section.</summary>
public sealed record LoggingOptions
{
    public LogFormat Format { get; init; } = LogFormat.Text;

    public LogLevel Level { get; init; } = LogLevel.Information;
}
