using System.Security.Cryptography;
using System.Text;
using CodeGrader.Core.Exercises;
using CodeGrader.Core.Execution;
using Microsoft.Extensions.Logging;

namespace CodeGrader.Core.Grading;

/// <summary>
/// The disk cache of <see cref="ReferenceResults"/> across runs and processes: one file per key under
/// <c>DIR/expected/</c>, the key a SHA-256 of the exercise's content (exercise.yaml, the reference, tests.py), its folder,
/// the worker binary (which carries the harness and the canonical format), the libpython (path, size, time) and the
/// file format. Any change to one of them is another key. Writes go to a temporary file in the same folder, then are
/// renamed over the entry (atomic; several processes may write the same entry, the last rename wins with a whole file).
/// A file that is unreadable, cut short or altered is a miss, and is written again after the reference runs.
/// </summary>
internal sealed class ReferenceResultsStore(string directory, ILogger logger)
{
    private readonly Dictionary<(string, string), string> _fingerprints = [];
    private readonly Lock _gate = new();

    public string Directory { get; } = Path.GetFullPath(directory);

    public string KeyFor(Exercise exercise, WorkerOptions worker)
    {
        var text = $"{ReferenceResultsFile.Format}\n{exercise.ContentHash}\n{Path.GetFullPath(exercise.FilePath)}\n" +
                   $"{Fingerprint(worker.WorkerPath, hashContent: true)}\n{worker.Python.LibraryPath}\n{Fingerprint(worker.Python.LibraryPath, hashContent: false)}\n";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    public string PathFor(string key) => Path.Combine(Directory, "expected", key[..2], key + ".expected");

    public ReferenceResults? TryRead(string key, int tests)
    {
        var path = PathFor(key);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning("The cached expected values in {Path} could not be read ({Message}); the reference runs again", path, e.Message);
            return null;
        }
        var results = ReferenceResultsFile.Read(bytes, key, tests);
        if (results is null) logger.LogWarning("The cached expected values in {Path} are damaged or cut short; the reference runs again and the file is rewritten", path);
        return results;
    }

    /// <summary>Writes the entry atomically; a failure to write (a full disk, no rights) is logged, never thrown: the cache only saves time.</summary>
    public void Write(string key, ReferenceResults results)
    {
        var path = PathFor(key);
        var temporary = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(ReferenceResultsFile.Write(key, results));
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning("The expected values could not be cached in {Path} ({Message})", path, e.Message);
            try
            {
                File.Delete(temporary);
            }
            catch (Exception cleanup) when (cleanup is IOException or UnauthorizedAccessException)
            {
                // Nothing more to do: a stray .tmp file is never read.
            }
        }
    }

    /// <summary>A file's identity: its content hash (the worker: small enough, and a rebuild keeps its time) or its size and time.</summary>
    private string Fingerprint(string path, bool hashContent)
    {
        lock (_gate)
        {
            var info = new FileInfo(path);
            var stamp = info.Exists ? $"{info.Length}:{info.LastWriteTimeUtc.Ticks}" : "missing";
            if (_fingerprints.TryGetValue((path, stamp), out var known)) return known;
            var fingerprint = hashContent && info.Exists ? Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path))) : stamp;
            _fingerprints[(path, stamp)] = fingerprint;
            return fingerprint;
        }
    }
}
