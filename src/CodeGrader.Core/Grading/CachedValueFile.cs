using System.Security.Cryptography;

namespace CodeGrader.Core.Grading;

/// <summary>
/// A big expected value's canonical JSON in a file of its own beside the disk cache's entry (ReferenceResultsStore):
/// checked against its length and SHA-256 when the entry is read, and again each time it is read to be judged.
/// </summary>
internal sealed record CachedValueFile(string Path, string Sha256, long Length)
{
    /// <summary>True when the file is there with this length and hash (read in chunks: nothing held).</summary>
    public bool IsIntact()
    {
        try
        {
            using var stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            if (stream.Length != Length) return false;
            return string.Equals(Convert.ToHexStringLower(SHA256.HashData(stream)), Sha256, StringComparison.Ordinal);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>The JSON, checked; throws <see cref="InvalidDataException"/> when the file changed after the entry was read.</summary>
    public byte[] ReadVerified()
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(Path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"the cached expected value {Path} could not be read again ({e.Message})", e);
        }
        if (bytes.Length != Length || !string.Equals(Convert.ToHexStringLower(SHA256.HashData(bytes)), Sha256, StringComparison.Ordinal))
            throw new InvalidDataException($"the cached expected value {Path} changed after it was checked");
        return bytes;
    }
}
