using CodeGrader.Service.Judge0;

namespace CodeGrader.Service.Storage;

/// <summary>Submissions made through the Judge0-compatible endpoint, in a table of their own, found by token.</summary>
public interface IJudge0Store
{
    /// <summary>Stores every submission or none, each queued (status 1) under a new token.</summary>
    Task<IReadOnlyList<Judge0Stored>> AddAsync(IReadOnlyList<Judge0NewSubmission> submissions, CancellationToken cancellationToken);

    Task<Judge0Stored?> GetAsync(string token, CancellationToken cancellationToken);

    Task<IReadOnlyList<Judge0Stored>> GetManyAsync(IReadOnlyList<string> tokens, CancellationToken cancellationToken);

    /// <summary>In Queue -> Processing; false when it is not queued.</summary>
    Task<bool> TryStartAsync(long id, CancellationToken cancellationToken);

    Task FinishAsync(long id, Judge0Result result, CancellationToken cancellationToken);

    /// <summary>Submissions not yet run (queued, or processing when the server stopped), oldest first; processing ones become queued again.</summary>
    Task<IReadOnlyList<long>> RequeueUnfinishedAsync(CancellationToken cancellationToken);

    Task<Judge0Stored?> GetByIdAsync(long id, CancellationToken cancellationToken);
}
