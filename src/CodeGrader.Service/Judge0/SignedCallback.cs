using System.Security.Cryptography;
using CodeGrader.Service.Webhooks;

namespace CodeGrader.Service.Judge0;

/// <summary>
/// Judge0's callback, signed like every webhook of the service: <c>PUT</c> of the submission JSON to the callback URL
/// through <see cref="WebhookSender"/> (so <c>X-CodeGrader-Signature: t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256 of
/// "t.body"&gt;</c>, and only to public addresses unless <c>Webhooks:AllowPrivateNetworks</c>), tried up to
/// <see cref="Judge0Options.CallbacksMaxTries"/> times, stopping at the first answer whatever its status, as Judge0 does;
/// a failure is logged, never thrown. The key is <see cref="Judge0Options.CallbackSecret"/>, else one made at first
/// start and kept in the data directory.
/// </summary>
public sealed class SignedCallback(ServiceOptions options, WebhookSender sender, ILogger<SignedCallback> logger) : ISubmissionCallback
{
    private readonly string _secret = options.Judge0.CallbackSecret ?? StoredSecret(options.DataDirectory);

    public async Task DeliverAsync(Uri url, byte[] body, CancellationToken cancellationToken)
    {
        var tries = options.Judge0.CallbacksMaxTries;
        for (var attempt = 1; attempt <= tries; attempt++)
        {
            var outcome = await sender.SendAsync(HttpMethod.Put, url, body, _secret, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (outcome.StatusCode is not null) return; // Judge0 stops at the first answer, whatever its status
            logger.LogWarning("Callback to {Url} failed (attempt {Attempt} of {Tries}): {Error}", url, attempt, tries, outcome.Error);
        }
    }

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
