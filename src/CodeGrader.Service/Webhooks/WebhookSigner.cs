using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace CodeGrader.Service.Webhooks;

/// <summary>
/// The signature every callback carries: <c>X-CodeGrader-Signature: t=&lt;unix seconds&gt;,v1=&lt;hex&gt;</c>, where the hex
/// is HMAC-SHA256, keyed with the webhook secret (its UTF-8 bytes), over <c>{t}.{body}</c> (the body's exact bytes). A
/// receiver recomputes it, compares in constant time, and refuses a <c>t</c> too far from its clock (replays).
/// </summary>
public static class WebhookSigner
{
    public const string Header = "X-CodeGrader-Signature";

    public static string Sign(string secret, long timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes(timestamp.ToString(CultureInfo.InvariantCulture) + ".");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed);
        return $"t={timestamp.ToString(CultureInfo.InvariantCulture)},v1={Convert.ToHexStringLower(mac)}";
    }

    /// <summary>Checks a header value against the body, with at most <paramref name="tolerance"/> between its <c>t</c> and <paramref name="now"/>.</summary>
    public static bool Verify(string secret, string header, ReadOnlySpan<byte> body, DateTimeOffset now, TimeSpan tolerance)
    {
        long? timestamp = null;
        string? v1 = null;
        foreach (var part in header.Split(','))
        {
            var pair = part.Split('=', 2);
            if (pair.Length != 2) continue;
            if (pair[0].Trim() == "t" && long.TryParse(pair[1], NumberStyles.None, CultureInfo.InvariantCulture, out var t)) timestamp = t;
            if (pair[0].Trim() == "v1") v1 = pair[1].Trim();
        }
        if (timestamp is not { } ts || v1 is null) return false;
        if (Math.Abs(now.ToUnixTimeSeconds() - ts) > tolerance.TotalSeconds) return false;
        var expected = Encoding.ASCII.GetBytes(Sign(secret, ts, body).Split("v1=")[1]);
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(v1));
    }
}
