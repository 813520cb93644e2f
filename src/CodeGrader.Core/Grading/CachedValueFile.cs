using System.Buffers;
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

    /// <summary>
    /// True when the file holds exactly <paramref name="json"/>: read in chunks beside it (nothing held), its hash
    /// checked when every byte matched; throws <see cref="InvalidDataException"/> as <see cref="ReadVerified"/> does
    /// when the file changed after the entry was read. Judging a big answer equal to the expected value reads no copy.
    /// </summary>
    public bool Holds(ReadOnlySpan<byte> json)
    {
        if (json.Length != Length) return false;
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
        try
        {
            using var stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0);
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var offset = 0;
            int read;
            while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
            {
                if (offset + read > json.Length || !buffer.AsSpan(0, read).SequenceEqual(json.Slice(offset, read))) return false;
                hash.AppendData(buffer, 0, read);
                offset += read;
            }
            if (offset != Length || !string.Equals(Convert.ToHexStringLower(hash.GetHashAndReset()), Sha256, StringComparison.Ordinal)) throw Changed();
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Unreadable(e);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
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
            throw Unreadable(e);
        }
        if (bytes.Length != Length || !string.Equals(Convert.ToHexStringLower(SHA256.HashData(bytes)), Sha256, StringComparison.Ordinal)) throw Changed();
        return bytes;
    }

    private InvalidDataException Changed() => new($"the cached expected value {Path} changed after it was checked");

    private InvalidDataException Unreadable(Exception e) => new($"the cached expected value {Path} could not be read again ({e.Message})", e);
}
