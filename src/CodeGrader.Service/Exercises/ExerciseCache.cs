using System.Collections.Concurrent;
using System.Globalization;
using CodeGrader.Service.Storage;

namespace CodeGrader.Service.Exercises;

/// <summary>
/// This node's copy of exercise versions, under <c>&lt;data&gt;/exercises/&lt;id&gt;/versions/&lt;n&gt;/&lt;id&gt;</c>. The
/// database holds every version's archive; a node that lacks a version's folder (another node published it, or the
/// folder was deleted) unpacks the archive on first use into a temporary folder beside it and renames it into place,
/// so a folder that exists is always complete, whichever process or node got there first.
/// </summary>
public sealed class ExerciseCache(IExerciseStore store, ServiceOptions options, ILogger<ExerciseCache> logger)
{
    private readonly ConcurrentDictionary<(string, int), Lazy<Task<string>>> _unpacking = new();

    private string Root => Path.GetFullPath(options.ExercisesDirectory);

    public string FolderOf(string id, int version) => Path.Combine(VersionHome(id, version), id);

    /// <summary>The version's folder, unpacked from the database first when this node has none.</summary>
    public async Task<string> MaterializeAsync(StoredExercise exercise, CancellationToken cancellationToken)
    {
        var folder = FolderOf(exercise.Id, exercise.Version);
        if (Directory.Exists(folder)) return folder;
        var key = (exercise.Id, exercise.Version);
        var unpacking = _unpacking.GetOrAdd(key, _ => new Lazy<Task<string>>(() => UnpackAsync(exercise.Id, exercise.Version)));
        try
        {
            return await unpacking.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (unpacking.Value.IsCompleted) _unpacking.TryRemove(KeyValuePair.Create(key, unpacking));
        }
    }

    /// <summary>Moves a verified upload's folder into place as the version just published. A folder already there was
    /// unpacked meanwhile from the same archive (a request for the new version on this node) and stays: it may be in use.</summary>
    public void Place(string verifiedFolder, string id, int version)
    {
        var folder = FolderOf(id, version);
        Directory.CreateDirectory(VersionHome(id, version));
        try
        {
            Directory.Move(verifiedFolder, folder);
        }
        catch (IOException) when (Directory.Exists(folder))
        {
            // Same files, unpacked from the database first.
        }
    }

    private async Task<string> UnpackAsync(string id, int version)
    {
        var folder = FolderOf(id, version);
        if (Directory.Exists(folder)) return folder;
        var archive = await store.ArchiveAsync(id, version, CancellationToken.None).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Exercise '{id}' version {version} has no archive in the database and no folder at {folder}.");
        var temporary = Path.Combine(VersionHome(id, version), ".unpacking-" + Guid.NewGuid().ToString("N"));
        try
        {
            var unpacked = Path.Combine(temporary, id);
            ExerciseArchive.Unpack(archive, unpacked, options.MaxUnpackedBytes, options.MaxArchiveEntries);
            try
            {
                Directory.Move(unpacked, folder);
                logger.LogInformation("Exercise {Exercise} version {Version} unpacked from the database into {Folder}", id, version, folder);
            }
            catch (IOException) when (Directory.Exists(folder))
            {
                // Another process on this data directory put it there first: the same files.
            }
            return folder;
        }
        finally
        {
            if (Directory.Exists(temporary)) Directory.Delete(temporary, recursive: true);
        }
    }

    private string VersionHome(string id, int version) => Path.Combine(Root, id, "versions", version.ToString(CultureInfo.InvariantCulture));
}
