using System.Security.Cryptography;
using System.Text;

namespace CodeGrader.Service.Access;

/// <summary>Makes keys (<c>cg_</c> and 32 random bytes, base64url), invitation tokens (<c>cgi_</c> and the same),
/// webhook secrets (<c>whsec_</c> and the same) and the SHA-256 hash that is all the database keeps of a key or token.</summary>
public static class ApiKeys
{
    public const string Prefix = "cg_";

    public const string InvitationPrefix = "cgi_";

    public static string Generate() => Prefix + Random();

    public static string GenerateInvitation() => InvitationPrefix + Random();

    public static string GenerateWebhookSecret() => "whsec_" + Random();

    public static bool IsInvitation(string presented) => presented.StartsWith(InvitationPrefix, StringComparison.Ordinal);

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private static string Random() => Base64Url(RandomNumberGenerator.GetBytes(32));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
