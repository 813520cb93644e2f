using CodeGrader.Service.Access;
using CodeGrader.Service.Storage;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace CodeGrader.Service;

/// <summary>
/// <c>codegrader serve</c> as an object: builds the app, migrates the database, creates and prints an admin key on the
/// first start (empty database), starts listening and prints where. Stopping lets gradings under way finish.
/// </summary>
public sealed class GraderServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private GraderServer(WebApplication app, IReadOnlyList<string> urls, string? firstAdminKey)
    {
        _app = app;
        Urls = urls;
        FirstAdminKey = firstAdminKey;
    }

    /// <summary>The addresses it listens on (with the real port when port 0 was asked for).</summary>
    public IReadOnlyList<string> Urls { get; }

    /// <summary>The admin key created on this start, when the database had no key; null otherwise.</summary>
    public string? FirstAdminKey { get; }

    public IServiceProvider Services => _app.Services;

    /// <param name="configure">Last say over the builder (tests quiet the logs with it).</param>
    public static async Task<GraderServer> StartAsync(ServiceOptions options, TextWriter? output = null,
        Action<WebApplicationBuilder>? configure = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options = options with { DataDirectory = Path.GetFullPath(options.DataDirectory) };
        Directory.CreateDirectory(options.DataDirectory);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = options.DataDirectory });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss.fff "; });
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        options = options.WithConfiguredQueue(builder.Configuration);
        builder.AddGraderService(options);
        configure?.Invoke(builder);
        var app = builder.Build();
        app.UseGraderService(options);

        await app.Services.GetRequiredService<IServiceDatabase>().MigrateAsync(cancellationToken).ConfigureAwait(false);
        var keys = app.Services.GetRequiredService<IKeyStore>();
        string? adminKey = null;
        if (!await keys.AnyAsync(cancellationToken).ConfigureAwait(false))
        {
            adminKey = ApiKeys.Generate();
            await keys.AddAsync("first admin", Roles.Admin, ApiKeys.Hash(adminKey), cancellationToken).ConfigureAwait(false);
        }
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var urls = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.ToList() ?? [.. app.Urls];
        if (output is not null)
        {
            await output.WriteLineAsync($"CodeGrader service listening on {string.Join(", ", urls)} (data in {options.DataDirectory})").ConfigureAwait(false);
            if (adminKey is not null)
            {
                await output.WriteLineAsync("First start: created an admin key. It is shown only this once; keep it:").ConfigureAwait(false);
                await output.WriteLineAsync($"  {adminKey}").ConfigureAwait(false);
            }
            await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        return new GraderServer(app, urls, adminKey);
    }

    /// <summary>Runs until the process is asked to stop (Ctrl-C, SIGTERM) or <paramref name="cancellationToken"/> fires.</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken = default) => _app.StopAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
