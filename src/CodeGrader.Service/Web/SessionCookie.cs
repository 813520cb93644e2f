using System.Security.Cryptography;
using System.Text;

namespace CodeGrader.Service.Web;

/// <summary>The web page's sign-in cookie: the key (or invitation token) itself, HttpOnly so no script can read it,
/// SameSite=Strict so no other site's page sends it, Secure when served over HTTPS. A state-changing request it
/// authenticates must also carry <see cref="CsrfHeader"/>, a hash of the key that only a page of this origin can learn
/// (from <c>GET /api/v1/session</c>, which no other origin may read).</summary>
public static class SessionCookie
{
    public const string Name = "cg_session";
    public const string CsrfHeader = "X-CSRF-Token";

    public static string? Read(HttpRequest request) =>
        request.Cookies.TryGetValue(Name, out var value) && !string.IsNullOrWhiteSpace(value) ? value : null;

    public static void Write(HttpContext context, string key) =>
        context.Response.Cookies.Append(Name, key, Options(context, expires: null));

    public static void Clear(HttpContext context) =>
        context.Response.Cookies.Delete(Name, Options(context, expires: null));

    /// <summary>What the page sends in <see cref="CsrfHeader"/> for this key: SHA-256 of a fixed label and the key, base64url.</summary>
    public static string CsrfToken(string key) =>
        Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes("codegrader-csrf\n" + key))).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static bool CsrfMatches(string key, string? presented) =>
        presented is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(CsrfToken(key)), Encoding.UTF8.GetBytes(presented));

    private static CookieOptions Options(HttpContext context, DateTimeOffset? expires) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = context.Request.IsHttps,
        Path = "/",
        IsEssential = true,
        Expires = expires,
    };
}
