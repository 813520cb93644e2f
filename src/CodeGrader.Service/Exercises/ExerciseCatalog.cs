using System.Collections.Concurrent;
using CodeGrader.Core.Engine;
using CodeGrader.Core.Grading;
using CodeGrader.Service.Storage;

namespace CodeGrader.Service.Exercises;

/// <summary>
/// Exercises on disk and in the database. An upload is unpacked into a staging folder, verified by the engine
/// (<c>VerifyAsync</c>: it loads, the reference passes, solutions/ fail as they should), and only then moved to
/// <c>exercises/&lt;id&gt;/versions/&lt;n&gt;/&lt;id&gt;</c> and recorded as version n; a failed upload leaves nothing behind.
/// </summary>
public sealed class ExerciseCatalog(GradingEngine engine, IExerciseStore store, ServiceOptions options, ILogger<ExerciseCatalog> logger) : IDisposable
{
    private readonly SemaphoreSlim _publishing = new(1, 1);
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

            await _publishing.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var published = await store.PublishAsync(id, verification.Title ?? id, createdBy, version =>
                {
                    var home = Path.Combine(Path.GetFullPath(options.ExercisesDirectory), id, "versions", version.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    if (Directory.Exists(home)) Directory.Delete(home, recursive: true); // left by an upload that failed to commit
                    Directory.CreateDirectory(home);
                    var destination = Path.Combine(home, id);
                    Directory.Move(folder, destination);
                    return destination;
                }, cancellationToken).ConfigureAwait(false);
                logger.LogInformation("Exercise {Exercise} version {Version} published", id, published.Version);
                return new UploadOutcome(published.Version, null, diagnostics);
            }
            finally
            {
                _publishing.Release();
            }
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
        var task = _prepared.GetOrAdd(exercise.Directory, directory => engine.PrepareExerciseAsync(directory, CancellationToken.None));
        ExercisePreparation preparation;
        try
        {
            preparation = await task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (task.IsFaulted)
        {
            _prepared.TryRemove(KeyValuePair.Create(exercise.Directory, task)); // the next request tries again
            throw;
        }
        if (preparation.Exercise is { } prepared) return prepared;
        _prepared.TryRemove(exercise.Directory, out _);
        throw new ExerciseInvalidException(exercise.Directory, preparation.Diagnostics);
    }

    public void Dispose() => _publishing.Dispose();
}
