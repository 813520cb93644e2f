namespace CodeGrader.Service.Submissions;

/// <summary>What a server does at start so that no submission stored as unfinished is forgotten by its queue.</summary>
public interface IQueueRecovery
{
    Task RecoverAsync(CancellationToken cancellationToken);
}
