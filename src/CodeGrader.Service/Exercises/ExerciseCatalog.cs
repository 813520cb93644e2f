using System.Collections.Concurrent;
using CodeGrader.Core.Engine;
using CodeGrader.Core.Grading;
using CodeGrader.Service.Storage;

namespace CodeGrader.Service.Exercises;

/// <summary>
/// Exercises in the database and on this node's disk. An upload is unpacked into a staging folder, verified by the
/// engine (<c>VerifyAsync</c>: it loads, the reference passes, solutions/ fail as they should), and only then stored
/// as version n with its archive (one transaction), and its folder moved into this node's <see cref="ExerciseCache"/>;
/// a failed upload leaves nothing behind, in the database or on disk.
/// </summary>
public sealed class ExerciseCatalog(GradingEngine engine, IExerciseStore store, ExerciseCache cache, ServiceOptions options, ILogger<ExerciseCatalog> logger)
{
    private readonly ConcurrentDictionary<string, Task<ExercisePreparation>> _prepared = new(StringComparer.Ordinal);

    public async Task<UploadOutcome> UploadAsync(string id, byte[] archive, long createdBy, CancellationToken cancellationToken)
    {
        var staging = Path.Combine(Path.GetFullPath(options.ExercisesDirectory), id, "staging", Guid.NewGuid().ToString("N"));
        var folder = Path.Combine(staging, id);
        try
        {
            try
            {
                ExerciseArchive.Unpack(archive, folder, options.MaxUnpackedBytes, options.MaxArchiveEntries);
            }
            catch (ArchiveException e)
            {
                return new UploadOutcome(null, e.Message, []);
            }
            var verification = await engine.VerifyAsync(folder, cancellationToken).ConfigureAwait(false);
            var diagnostics = verification.Diagnostics.Select(d => DiagnosticView.From(d, folder)).ToList();
            if (verification.Invalid || !verification.Passed)
                return new UploadOutcome(null, "the exercise did not pass verification; it is not published", diagnostics);

            var published = await store.PublishAsync(id, verification.Title ?? id, createdBy, archive, cancellationToken).ConfigureAwait(false);
            logger.LogInformation("Exercise {Exercise} version {Version} published", id, published.Version);
            try
            {
                cache.Place(folder, id, published.Version);
            }
            catch (IOException e)
            {
                logger.LogWarning(e, "Exercise {Exercise} version {Version}: the verified folder could not be kept; it will be unpacked from the database on first use", id, published.Version);
            }
            return new UploadOutcome(published.Version, null, diagnostics);
        }
        finally
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
            DeleteIfEmpty(Path.GetDirectoryName(staging)!); // .../<id>/staging
            DeleteIfEmpty(Path.GetDirectoryName(Path.GetDirectoryName(staging))!); // .../<id>, when no version was ever published
        }
    }

    private static void DeleteIfEmpty(string directory)
    {
        try
        {
            if (Directory.Exists(directory) && !Directory.EnumerateFileSystemEntries(directory).Any()) Directory.Delete(directory);
        }
        catch (IOException)
        {
            // Another upload of the same exercise put something there meanwhile: it stays.
        }
    }

    /// <summary>The version prepared for grading (the engine caches by content; this keeps the task per folder).</summary>
    public async Task<PreparedExercise> PrepareAsync(StoredExercise exercise, CancellationToken cancellationToken)
    {
        var folder = await cache.MaterializeAsync(exercise, cancellationToken).ConfigureAwait(false);
        var task = _prepared.GetOrAdd(folder, directory => engine.PrepareExerciseAsync(directory, CancellationToken.None));
        ExercisePreparation preparation;
        try
        {
            preparation = await task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (task.IsFaulted)
        {
            _prepared.TryRemove(KeyValuePair.Create(folder, task)); // the next request tries again
            throw;
        }
        if (preparation.Exercise is { } prepared) return prepared;
        _prepared.TryRemove(folder, out _);
        throw new ExerciseInvalidException(folder, preparation.Diagnostics);
    }
}
