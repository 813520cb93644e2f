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
/// file format. Any change to one of them is another key. A big value (over 64 KiB of JSON) goes in a file of its own
/// beside the entry, which names it with its length and hash. Writes go to a temporary file in the same folder, then
/// are renamed over the entry (atomic; several processes may write the same entry, the last rename wins with a whole
/// file). A file that is unreadable, cut short or altered, or names a value file that is, is a miss, and is written
/// again after the reference runs.
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
        var folder = Path.GetDirectoryName(path)!;
        var results = ReferenceResultsFile.Read(bytes, key, tests, (name, length, sha256) =>
        {
            // Only a file of this entry's own, in its folder.
            if (!name.StartsWith(key + ".", StringComparison.Ordinal) || name.IndexOfAny(['/', '\\']) >= 0 || name.Contains("..", StringComparison.Ordinal)) return null;
            var file = new CachedValueFile(Path.Combine(folder, name), sha256, length);
            return file.IsIntact() ? ExpectedValue.FromFile(file, ExpectationSource.Reference) : null;
        });
        if (results is null) logger.LogWarning("The cached expected values in {Path} are damaged or cut short; the reference runs again and the file is rewritten", path);
        return results;
    }

    /// <summary>
    /// Writes the entry atomically, each big value first into a file of its own beside it (<c>KEY.TEST.STEP.value</c>,
    /// each atomically too), so an entry never names a file not yet whole. Returns the results as read back from the
    /// store (big values left in their files, not held), or null when writing failed: a failure (a full disk, no
    /// rights) is logged, never thrown: the cache only saves time.
    /// </summary>
    public ReferenceResults? Write(string key, ReferenceResults results, int tests)
    {
        var path = PathFor(key);
        try
        {
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var entry = ReferenceResultsFile.Write(key, results, (test, step, json) => Path.GetFileName(SaveValue(key, test, step, json.Span)));
            WriteAtomically(path, entry);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning("The expected values could not be cached in {Path} ({Message})", path, e.Message);
            return null;
        }
        return TryRead(key, tests);
    }

    /// <summary>
    /// Writes one big value into its file beside the entry to be (<c>KEY.TEST.STEP.value</c>, atomically), ahead of the
    /// entry: a cold preparation hands each big value over as the reference answers it (<see cref="ReferenceValueSpill"/>),
    /// so it never holds them all. Returns the value, left in that file; null (logged) when writing failed.
    /// </summary>
    public ExpectedValue? Spill(string key, int test, int step, ReadOnlyMemory<byte> json)
    {
        try
        {
            var path = SaveValue(key, test, step, json.Span);
            return ExpectedValue.FromFile(new CachedValueFile(path, Convert.ToHexStringLower(SHA256.HashData(json.Span)), json.Length), ExpectationSource.Reference);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning("A big expected value could not be written to the cache in {Directory} ({Message}); it is held in memory", Directory, e.Message);
            return null;
        }
    }

    /// <summary>Deletes a value file <see cref="Spill"/> wrote for an entry that is not written after all (a failure is logged).</summary>
    public void Delete(CachedValueFile file)
    {
        try
        {
            File.Delete(file.Path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning("The cached value {Path} of an exercise that is not cached could not be deleted ({Message})", file.Path, e.Message);
        }
    }

    private string SaveValue(string key, int test, int step, ReadOnlySpan<byte> json)
    {
        var folder = Path.GetDirectoryName(PathFor(key))!;
        System.IO.Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{key}.{test}.{step}.value"));
        WriteAtomically(path, json);
        return path;
    }

    private static void WriteAtomically(string path, ReadOnlySpan<byte> bytes)
    {
        var temporary = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            try
            {
                File.Delete(temporary);
            }
            catch (Exception cleanup) when (cleanup is IOException or UnauthorizedAccessException)
            {
                // Nothing more to do: a stray .tmp file is never read.
            }
            throw;
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
