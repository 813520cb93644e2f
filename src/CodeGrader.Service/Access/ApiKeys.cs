using System.Security.Cryptography;
using System.Text;

namespace CodeGrader.Service.Access;

/// <summary>Makes keys (<c>cg_</c> and 32 random bytes, base64url) and the SHA-256 hash that is all the database keeps.</summary>
public static class ApiKeys
{
    public const string Prefix = "cg_";

    public static string Generate() => Prefix + Base64Url(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
