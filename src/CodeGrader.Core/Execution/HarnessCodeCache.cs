using System.Collections.Concurrent;

namespace CodeGrader.Core.Execution;

/// <summary>
/// Marshalled harness code per libpython, returned by the first worker that compiled it and handed to every
/// later worker (saves ~4 ms of start-up each). One entry per libpython path; each engine (each
/// <see cref="WorkerOptions"/> made with <c>new</c>) has its own. Produced before any candidate code runs in that worker.
/// </summary>
internal sealed class HarnessCodeCache
{
    private readonly ConcurrentDictionary<string, byte[]> _blobs = new(StringComparer.Ordinal);

    public ReadOnlyMemory<byte> Get(string libraryPath) => _blobs.TryGetValue(libraryPath, out var blob) ? blob : ReadOnlyMemory<byte>.Empty;

    public void Put(string libraryPath, byte[] blob) => _blobs[libraryPath] = blob;
}
