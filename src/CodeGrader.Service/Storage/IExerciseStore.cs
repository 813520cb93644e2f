namespace CodeGrader.Service.Storage;

/// <summary>Published exercise versions; the folders themselves live on disk under the data directory.</summary>
public interface IExerciseStore
{
    /// <summary>Publishes the next version of <paramref name="id"/>: <paramref name="place"/> moves the verified folder
    /// to where version N lives and returns that path; the row is committed only when it succeeded.</summary>
    Task<StoredExercise> PublishAsync(string id, string title, long createdBy, Func<int, string> place, CancellationToken cancellationToken);
    Task<StoredExercise?> LatestAsync(string id, CancellationToken cancellationToken);
    Task<StoredExercise?> VersionAsync(string id, int version, CancellationToken cancellationToken);
    Task<IReadOnlyList<StoredExercise>> ListLatestAsync(CancellationToken cancellationToken);
    Task<IReadOnlyList<StoredExercise>> VersionsAsync(string id, CancellationToken cancellationToken);
}
