using System.Collections;
using System.Reflection;
using CodeGrader.Core.Engine;
using CodeGrader.Service.Storage;

namespace CodeGrader.Service.Configuration;

/// <summary>
/// <c>codegrader serve</c>'s settings, from three places, each overriding the one before: a JSON or YAML file
/// (<c>--config</c>; <c>.yaml</c>/<c>.yml</c> is read as YAML), <c>CODEGRADER__*</c> environment variables (<c>CODEGRADER__Database__Provider=postgres</c>:
/// '__' separates sections), then the command's flags. Keys are <see cref="ServiceOptions"/>' properties (sections
/// for its records) and the engine's own (<see cref="GradingEngineOptions"/>: <c>Sandbox</c>, <c>MaxParallelism</c>,
/// ...), case-insensitive. An unknown key, a value of the wrong type or a setting that contradicts another is a
/// <see cref="ServiceConfigurationException"/> naming the key.
/// </summary>
public static class ServiceConfiguration
{
    public const string EnvironmentPrefix = "CODEGRADER__";

    private static readonly HashSet<string> EngineKeys = new(
        typeof(GradingEngineOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod is { IsPublic: true }).Select(p => p.Name),
        StringComparer.OrdinalIgnoreCase);

    /// <param name="file">A JSON file (or YAML, by its extension), or null.</param>
    /// <param name="flags">Settings given as flags, by key (<c>Database:ConnectionString</c>).</param>
    /// <param name="environment">The environment variables; null for this process's.</param>
    public static ServiceOptions Load(string? file, IReadOnlyDictionary<string, string?> flags, IDictionary? environment = null)
    {
        ArgumentNullException.ThrowIfNull(flags);
        var builder = new ConfigurationBuilder();
        if (file is not null)
        {
            var path = Path.GetFullPath(file);
            if (!File.Exists(path)) throw new ServiceConfigurationException($"The configuration file '{file}' does not exist.");
            if (YamlConfigurationFile.Handles(path)) builder.AddInMemoryCollection(YamlConfigurationFile.Read(path));
            else builder.AddJsonFile(path, optional: false, reloadOnChange: false);
        }
        builder.AddInMemoryCollection(FromEnvironment(environment ?? Environment.GetEnvironmentVariables()));
        builder.AddInMemoryCollection(flags);
        IConfigurationRoot root;
        try
        {
            root = builder.Build();
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or System.Text.Json.JsonException)
        {
            throw new ServiceConfigurationException($"The configuration file '{file}' is not valid JSON: {e.Message}", e);
        }
        return Bind(root);
    }

    /// <summary>The options a configuration holds, every key checked.</summary>
    public static ServiceOptions Bind(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ConfigurationKeys.Check(configuration, [typeof(ServiceOptions), typeof(GradingEngineOptions)], new HashSet<string>(StringComparer.OrdinalIgnoreCase) { nameof(ServiceOptions.EngineSettings) });
        ServiceOptions options;
        try
        {
            options = configuration.Get<ServiceOptions>(b => b.ErrorOnUnknownConfiguration = false) ?? new ServiceOptions();
        }
        catch (InvalidOperationException e)
        {
            throw new ServiceConfigurationException($"The configuration is invalid: {e.Message}", e);
        }
        var engine = configuration.GetChildren().Where(c => EngineKeys.Contains(c.Key)).ToDictionary(c => c.Key, c => c.Value);
        options = options with { EngineSettings = engine };
        Validate(options);
        return options;
    }

    /// <summary>Settings that each hold but contradict another, or are out of range.</summary>
    public static void Validate(ServiceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Database.Provider == DatabaseProvider.Postgres && string.IsNullOrWhiteSpace(options.Database.ConnectionString))
            throw new ServiceConfigurationException("'Database:Provider' is postgres but 'Database:ConnectionString' is not set.");
        if (options.Metrics.Access == MetricsAccess.Loopback && options.Metrics.Port is <= 0 or > 65535)
            throw new ServiceConfigurationException($"'Metrics:Access' is loopback but 'Metrics:Port' is {options.Metrics.Port}: give the loopback port to serve /metrics on.");
        var prefix = options.Judge0.Prefix;
        if (!prefix.StartsWith('/') || prefix.Length < 2 || prefix.EndsWith('/'))
            throw new ServiceConfigurationException($"'Judge0:Prefix' is '{prefix}'; it must be a path such as /judge0 (a leading '/', no trailing one).");
        if (options.GradingLoops < 0 || (options.GradingLoops == 0 && options.Redis is null))
            throw new ServiceConfigurationException($"'GradingLoops' is {options.GradingLoops}; at least 1 (0 only with 'Redis', when workers grade).");
        if (options.RunSlots < 1)
            throw new ServiceConfigurationException($"'RunSlots' is {options.RunSlots}; at least 1 (Runs and Judge0 submissions need a slot to run in).");
        if (options.QueueCapacity < 1) throw new ServiceConfigurationException($"'QueueCapacity' is {options.QueueCapacity}; at least 1.");
        foreach (var proxy in options.ForwardedHeaders.KnownProxies)
            if (!System.Net.IPAddress.TryParse(proxy, out _))
                throw new ServiceConfigurationException($"'ForwardedHeaders:KnownProxies' holds '{proxy}', which is not an IP address.");
        foreach (var network in options.ForwardedHeaders.KnownNetworks)
            if (!System.Net.IPNetwork.TryParse(network, out _))
                throw new ServiceConfigurationException($"'ForwardedHeaders:KnownNetworks' holds '{network}', which is not a network in CIDR form (10.0.0.0/8).");
    }

    private static Dictionary<string, string?> FromEnvironment(IDictionary environment)
    {
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (DictionaryEntry entry in environment)
        {
            if (entry.Key is not string name || !name.StartsWith(EnvironmentPrefix, StringComparison.OrdinalIgnoreCase)) continue;
            settings[name[EnvironmentPrefix.Length..].Replace("__", ":", StringComparison.Ordinal)] = entry.Value as string;
        }
        return settings;
    }
}
