using System.Buffers.Binary;
using System.Security.Cryptography;

namespace CodeGrader.Core.Execution;

/// <summary>
/// Fresh random request ids, 1 to 2^31-2, from the system's cryptographic generator: a worker cannot tell the id of a
/// request it has not been sent (forged or stale answers are refused by id). Drawn 1,024 at a time per thread rather
/// than one call into the generator per test.
/// </summary>
internal static class RequestIds
{
    private const int Batch = 1024;

    [ThreadStatic] private static byte[]? t_pool;
    [ThreadStatic] private static int t_next;

    public static int Next()
    {
        while (true)
        {
            var pool = t_pool ??= new byte[Batch * sizeof(int)];
            if (t_next == 0) RandomNumberGenerator.Fill(pool);
            var id = (int)(BinaryPrimitives.ReadUInt32LittleEndian(pool.AsSpan(t_next)) & int.MaxValue);
            t_next = (t_next + sizeof(int)) % pool.Length;
            if (id is > 0 and < int.MaxValue) return id;
        }
    }
}
