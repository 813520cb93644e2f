using CodeGrader.Cli.Commands;
using CodeGrader.Core.Engine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CodeGrader.Cli.Hosting;

/// <summary>
/// The engine every command drives, built through the same registration an embedding app uses
/// (<c>services.AddCodeGrader</c>): settings from <c>CODEGRADER__*</c> environment variables, then the command's flags.
/// The commands only parse and print.
/// </summary>
internal sealed class CliEngine : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private CliEngine(ServiceProvider services)
    {
        _services = services;
        Engine = services.GetRequiredService<GradingEngine>();
    }

    public GradingEngine Engine { get; }

    /// <param name="noSandbox">--no-sandbox: candidates' code runs unconfined (every report says so).</param>
    /// <param name="pythonLibrary">--python-library, when given.</param>
    /// <param name="verbose">--verbose: debug logs to stderr.</param>
    /// <param name="parallelism">--jobs, when the command has it.</param>
    /// <param name="cache">--cache-dir and --no-cache, when the command has them: the cache of expected values is then on
    /// by default (CODEGRADER__CACHEDIRECTORY, else <see cref="GradingEngineOptions.DefaultCacheDirectory"/>).</param>
    public static CliEngine Create(bool noSandbox, string? pythonLibrary, bool verbose, int? parallelism = null, CacheFlags? cache = null)
    {
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables("CODEGRADER__").Build();
        var services = new ServiceCollection()
            .AddLogging(logging => CommonOptions.ConfigureLogging(logging, verbose))
            .AddCodeGrader(configuration, options => options with
            {
                Sandbox = noSandbox ? SandboxMode.Off : options.Sandbox,
                PythonLibrary = pythonLibrary ?? options.PythonLibrary,
                MaxParallelism = parallelism ?? options.MaxParallelism,
                CacheDirectory = cache is null ? options.CacheDirectory
                    : cache.Off ? null
                    : cache.Directory ?? options.CacheDirectory ?? GradingEngineOptions.DefaultCacheDirectory,
            });
        return new CliEngine(services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true }));
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}

/// <summary>A command's --cache-dir and --no-cache.</summary>
internal sealed record CacheFlags(string? Directory, bool Off);
