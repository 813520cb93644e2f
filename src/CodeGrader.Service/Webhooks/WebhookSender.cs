using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace CodeGrader.Service.Webhooks;

/// <summary>
/// Sends one signed JSON request (POST for webhooks; any method, e.g. a PUT for Judge0-style callbacks) and says what came
/// back; never throws for the receiver's failures. The host name is resolved at each connection and every address is
/// checked (<see cref="NetworkGuard"/>): unless private networks are allowed, only a public address is ever connected
/// to, so a name that resolves inside (DNS rebinding) is refused too. Redirects are not followed; no proxy is used.
/// </summary>
public sealed class WebhookSender : IDisposable
{
    public const string EventHeader = "X-CodeGrader-Event";
    public const string DeliveryHeader = "X-CodeGrader-Delivery";

    private readonly HttpClient _client;
    private readonly WebhookOptions _options;
    private readonly TimeProvider _clock;

    public WebhookSender(IOptions<WebhookOptions> options, TimeProvider clock)
    {
        _options = options.Value;
        _clock = clock;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(1),
            ConnectTimeout = _options.Timeout,
            ConnectCallback = ConnectAsync,
        };
        _client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        _client.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("CodeGrader-Webhooks", "1"));
    }

    /// <summary>Sends <paramref name="body"/> (JSON) signed with <paramref name="secret"/>, with any extra headers.</summary>
    public async Task<DeliveryOutcome> SendAsync(HttpMethod method, Uri url, byte[] body, string secret,
        IReadOnlyDictionary<string, string>? headers = null, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        using var request = new HttpRequestMessage(method, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.TryAddWithoutValidation(WebhookSigner.Header, WebhookSigner.Sign(secret, _clock.GetUtcNow().ToUnixTimeSeconds(), body));
        foreach (var (name, value) in headers ?? new Dictionary<string, string>()) request.Headers.TryAddWithoutValidation(name, value);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout);
        try
        {
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            var code = (int)response.StatusCode;
            return new DeliveryOutcome(code, response.IsSuccessStatusCode ? null : $"the receiver answered {code} {response.ReasonPhrase}", clock.Elapsed);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new DeliveryOutcome(null, $"no answer within {_options.Timeout.TotalSeconds:0.###} s", clock.Elapsed);
        }
        catch (HttpRequestException e)
        {
            return new DeliveryOutcome(null, Innermost(e).Message, clock.Elapsed);
        }
    }

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
        var allowed = _options.AllowPrivateNetworks ? addresses : [.. addresses.Where(a => !NetworkGuard.IsPrivate(a))];
        if (allowed.Length == 0)
            throw new HttpRequestException(addresses.Length == 0 ? $"'{host}' does not resolve"
                : $"'{host}' resolves to a loopback or private address ({string.Join(", ", addresses.Select(a => a.ToString()))}); callbacks go to public addresses only (Webhooks:AllowPrivateNetworks)");
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null) e = e.InnerException;
        return e;
    }

    public void Dispose() => _client.Dispose();
}
