using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace CodeGrader.Service.Judge0;

/// <summary>
/// Judge0's callback, signed: <c>PUT</c> of the submission JSON to the callback URL with
/// <c>X-CodeGrader-Signature: t=&lt;unix seconds&gt;,sha256=&lt;hex HMAC-SHA256 of "t.body"&gt;</c>, tried up to
/// <see cref="Judge0Options.CallbacksMaxTries"/> times with Judge0's timeout, as Judge0 does; a failure is logged, never thrown.
/// The key is <see cref="Judge0Options.CallbackSecret"/>, else one made at first start and kept in the data directory.
/// </summary>
public sealed class SignedCallback : ISubmissionCallback, IDisposable
{
    public const string Header = "X-CodeGrader-Signature";

    private readonly HttpClient _http;
    private readonly byte[] _key;
    private readonly Judge0Options _options;
    private readonly ILogger<SignedCallback> _logger;

    public SignedCallback(ServiceOptions options, ILogger<SignedCallback> logger)
    {
        _options = options.Judge0;
        _logger = logger;
        _key = Encoding.UTF8.GetBytes(options.Judge0.CallbackSecret ?? StoredSecret(options.DataDirectory));
        _http = new HttpClient { Timeout = TimeSpan.FromSeconds(_options.CallbacksTimeout) };
    }

    /// <summary>The signature header's value for a body sent at <paramref name="unixSeconds"/>.</summary>
    public static string Sign(byte[] key, long unixSeconds, byte[] body)
    {
        var t = unixSeconds.ToString(CultureInfo.InvariantCulture);
        var signed = Encoding.UTF8.GetBytes(t + ".").Concat(body).ToArray();
        return $"t={t},sha256={Convert.ToHexStringLower(HMACSHA256.HashData(key, signed))}";
    }

    public async Task DeliverAsync(Uri url, byte[] body, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= _options.CallbacksMaxTries; attempt++)
        {
            try
            {
                using var content = new ByteArrayContent(body);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                using var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = content };
                request.Headers.Add(Header, Sign(_key, DateTimeOffset.UtcNow.ToUnixTimeSeconds(), body));
                using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
                return; // Judge0 stops at the first answer, whatever its status
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                _logger.LogWarning("Callback to {Url} failed (attempt {Attempt} of {Tries}): {Error}", url, attempt, _options.CallbacksMaxTries, e.Message);
            }
        }
    }

    public void Dispose() => _http.Dispose();

    private static string StoredSecret(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, "judge0-callback.key");
        if (File.Exists(path)) return File.ReadAllText(path).Trim();
        var secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        Directory.CreateDirectory(dataDirectory);
        File.WriteAllText(path, secret);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return secret;
    }
}
