namespace CodeGrader.Service.Storage;

/// <summary>Published exercise versions, each with its archive: the database is where every node finds an exercise's
/// files (a node unpacks a version into its own cache on first use).</summary>
public interface IExerciseStore
{
    /// <summary>Publishes the next version of <paramref name="id"/> with its archive, in one transaction: the version
    /// and its archive are stored together or not at all.</summary>
    Task<StoredExercise> PublishAsync(string id, string title, long createdBy, byte[] archive, CancellationToken cancellationToken);

    /// <summary>The archive of a version (as uploaded); null when none is stored (a version published before archives
    /// were kept in the database, whose folder only its node has).</summary>
    Task<byte[]?> ArchiveAsync(string id, int version, CancellationToken cancellationToken);
    Task<StoredExercise?> LatestAsync(string id, CancellationToken cancellationToken);
    Task<StoredExercise?> VersionAsync(string id, int version, CancellationToken cancellationToken);
    Task<IReadOnlyList<StoredExercise>> ListLatestAsync(CancellationToken cancellationToken);
    Task<IReadOnlyList<StoredExercise>> VersionsAsync(string id, CancellationToken cancellationToken);
}
