using System.Security.Cryptography;
using System.Text;
using CodeGrader.Core.Results;

namespace CodeGrader.Core.Batch;

/// <summary>
/// Identifies one graded submission across runs: its name, its exercise, and the hash of its content, so a resumed
/// batch skips exactly what is done and regrades a file that changed since.
/// </summary>
public static class BatchKey
{
    public static string For(BatchItem item, ReadOnlySpan<byte> content)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(item.Name + "\n" + item.ExerciseDirectory + "\n"));
        hash.AppendData(content);
        return Convert.ToHexStringLower(hash.GetHashAndReset())[..32];
    }
}
