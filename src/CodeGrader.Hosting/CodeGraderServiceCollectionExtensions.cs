using CodeGrader.Core.Engine;
using CodeGrader.Core.Execution;
using CodeGrader.Sandbox;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the grading engine: <c>services.AddCodeGrader(configuration.GetSection("CodeGrader"))</c>.</summary>
public static class CodeGraderServiceCollectionExtensions
{
    /// <summary>
    /// Registers one <see cref="GradingEngine"/> (a singleton, disposed with the container) with the Linux sandbox as
    /// its confinement (replace <see cref="IConfinementProvider"/> to change it) and the container's logging.
    /// Options come from <paramref name="configuration"/> (keys named as <see cref="GradingEngineOptions"/>'s
    /// properties), then <paramref name="configure"/> (<c>o =&gt; o with { ... }</c>). A bad value fails at the first
    /// resolution with a message naming the key.
    /// </summary>
    public static IServiceCollection AddCodeGrader(this IServiceCollection services, IConfiguration? configuration = null,
        Func<GradingEngineOptions, GradingEngineOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<IConfinementProvider>(LinuxSandbox.Instance);
        services.TryAddSingleton<IOptions<GradingEngineOptions>>(_ => Options.Options.Create(Bind(configuration, configure)));
        services.TryAddSingleton(provider => new GradingEngine(
            provider.GetRequiredService<IOptions<GradingEngineOptions>>().Value,
            provider.GetRequiredService<IConfinementProvider>(),
            provider.GetService<ILoggerFactory>()));
        return services;
    }

    private static GradingEngineOptions Bind(IConfiguration? configuration, Func<GradingEngineOptions, GradingEngineOptions>? configure)
    {
        var options = GradingEngineOptions.Default;
        if (configuration is not null)
        {
            try
            {
                options = configuration.Get<GradingEngineOptions>(b => b.ErrorOnUnknownConfiguration = true) ?? options;
            }
            catch (InvalidOperationException e)
            {
                throw new InvalidOperationException($"CodeGrader configuration{Where(configuration)} is invalid: {e.Message}", e);
            }
        }
        options = configure?.Invoke(options) ?? options;
        options.Validate();
        return options;
    }

    private static string Where(IConfiguration configuration) => configuration is IConfigurationSection section ? $" (section '{section.Path}')" : "";
}
