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
    /// each atomically too; one <see cref="Spill"/> wrote is moved there), so an entry never names a file not yet whole.
    /// Returns the results with each big value left in the file it went to, not held (the files are not read back: each
    /// was hashed as it was written). When writing failed (a full disk, no rights: logged, never thrown, the cache only
    /// saves time), the same, for the values stored by then.
    /// </summary>
    public ReferenceResults Write(string key, ReferenceResults results)
    {
        var path = PathFor(key);
        var stored = new Dictionary<(int Test, int Step), CachedValueFile>();
        try
        {
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var entry = ReferenceResultsFile.Write(key, results,
                (test, step, json) =>
                {
                    var file = ValuePath(key, test, step);
                    WriteAtomically(file, json.Span);
                    return stored[(test, step)] = new CachedValueFile(file, Convert.ToHexStringLower(SHA256.HashData(json.Span)), json.Length);
                },
                (test, step, spilled) =>
                {
                    var file = ValuePath(key, test, step);
                    File.Move(spilled.Path, file, overwrite: true);
                    return stored[(test, step)] = spilled with { Path = file };
                });
            WriteAtomically(path, entry);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning("The expected values could not be cached in {Path} ({Message})", path, e.Message);
        }
        return InFiles(results, stored);
    }

    /// <summary>The results with each big value that went to a file left there.</summary>
    private static ReferenceResults InFiles(ReferenceResults results, Dictionary<(int Test, int Step), CachedValueFile> stored)
    {
        if (stored.Count == 0) return results;
        var values = results.Values;
        foreach (var (place, file) in stored) values = values.SetItem(place, ExpectedValue.FromFile(file, values[place].Source));
        return results with { Values = values };
    }

    /// <summary>
    /// Writes one big value, ahead of the entry, into a file of this preparation's own beside it
    /// (<c>KEY.TEST.STEP.value.PID.GUID.spill</c>), which <see cref="Write"/> moves to the name the entry gives it: a cold
    /// preparation hands each big value over as the reference answers it (<see cref="ReferenceValueSpill"/>), so it never
    /// holds them all, and one that fails or is cancelled deletes only its own files (another process preparing the same
    /// exercise may have written the entry and its values meanwhile). Returns the value, left in that file; null (logged)
    /// when writing failed.
    /// </summary>
    public ExpectedValue? Spill(string key, int test, int step, ReadOnlyMemory<byte> json)
    {
        try
        {
            var path = $"{ValuePath(key, test, step)}.{Environment.ProcessId}.{Guid.NewGuid():N}.spill";
            WriteAtomically(path, json.Span);
            return ExpectedValue.FromFile(new CachedValueFile(path, Convert.ToHexStringLower(SHA256.HashData(json.Span)), json.Length), ExpectationSource.Reference);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning("A big expected value could not be written to the cache in {Directory} ({Message}); it is held in memory", Directory, e.Message);
            return null;
        }
    }

    /// <summary>Deletes a file <see cref="Spill"/> wrote for an entry that is not written after all (a failure is logged).</summary>
    public void Delete(CachedValueFile spilled)
    {
        try
        {
            File.Delete(spilled.Path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning("The cached value {Path} of an exercise that is not cached could not be deleted ({Message})", spilled.Path, e.Message);
        }
    }

    /// <summary>Where the entry of <paramref name="key"/> keeps a big value: <c>KEY.TEST.STEP.value</c> beside it.</summary>
    private string ValuePath(string key, int test, int step)
    {
        var folder = Path.GetDirectoryName(PathFor(key))!;
        System.IO.Directory.CreateDirectory(folder);
        return Path.Combine(folder, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{key}.{test}.{step}.value"));
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
            var fingerprint = hashContent && info.Exists ? ContentHash(path) : stamp;
            _fingerprints[(path, stamp)] = fingerprint;
            return fingerprint;
        }
    }

    /// <summary>
    /// Hashed as it is read: the linked worker is 10 MB, which read whole was a large object held for nothing. Through a
    /// 64 KiB buffer (under the large-object size): the hash reads 4 KiB at a time, which unbuffered was 2,575 reads.
    /// </summary>
    private static string ContentHash(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
