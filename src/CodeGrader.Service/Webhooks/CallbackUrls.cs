using System.Net;

namespace CodeGrader.Service.Webhooks;

/// <summary>Checks a callback URL when it is given: absolute http or https, no credentials in it, at most 2048
/// characters, and (unless private networks are allowed) not a literal private address or <c>localhost</c>. Names are
/// resolved and checked again at each delivery (<see cref="WebhookSender"/>), so a name that later points inside is caught.</summary>
public static class CallbackUrls
{
    public const int MaxLength = 2048;

    /// <summary>What is wrong with <paramref name="url"/>; null when it may be used.</summary>
    public static string? Problem(string url, bool allowPrivateNetworks)
    {
        if (url.Length > MaxLength) return $"'callback_url' is {url.Length} characters; at most {MaxLength} are taken.";
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            return $"'callback_url' must be an absolute http or https URL; '{url}' is not.";
        if (uri.UserInfo.Length > 0) return "'callback_url' may not carry credentials (user:password@).";
        if (allowPrivateNetworks) return null;
        var host = uri.DnsSafeHost.TrimEnd('.');
        if (uri.IsLoopback || host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host, out var address) && NetworkGuard.IsPrivate(address)))
            return $"'callback_url' points at a loopback or private address ({uri.Host}); this server sends callbacks to public addresses only (Webhooks:AllowPrivateNetworks).";
        return null;
    }
}
