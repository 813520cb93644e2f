using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace CodeGrader.Service.Tests.Queue;

/// <summary>
/// A redis-server of the test's own (scripts/setup.sh --tests installs it) on a free loopback port, append-only with an
/// fsync per write, so the test can stop and start it again on the same port and data.
/// </summary>
public sealed class OwnRedisServer : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("codegrader-redis-").FullName;
    private Process? _process;

    private OwnRedisServer(int port) => Port = port;

    public int Port { get; }

    public string Address => $"127.0.0.1:{Port}";

    public static async Task<OwnRedisServer> StartAsync()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var server = new OwnRedisServer(port);
        await server.StartAgainAsync();
        return server;
    }

    public async Task StartAgainAsync()
    {
        var start = new ProcessStartInfo("redis-server",
            ["--bind", "127.0.0.1", "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--dir", _directory,
             "--appendonly", "yes", "--appendfsync", "always", "--save", ""])
        { RedirectStandardOutput = true, RedirectStandardError = true };
        try
        {
            _process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("redis-server is not installed: run scripts/setup.sh --tests (./run-tests does).", e);
        }
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await Wait.UntilAsync(async () =>
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                return true;
            }
            catch (SocketException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(60), "redis-server to listen");
    }

    /// <summary>Stops it as an operator would (SIGTERM: it writes what it has and exits).</summary>
    public async Task StopAsync()
    {
        var process = _process!;
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!) await kill.WaitForExitAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        process.Dispose();
        _process = null;
    }

    public void Dispose()
    {
        if (_process is { HasExited: false }) _process.Kill();
        _process?.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
