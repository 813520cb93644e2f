namespace CodeGrader.Core.Execution;

/// <summary>Where a grading run gets its fresh workers from: started on demand, or taken ready from a pool.</summary>
internal interface IWorkerSource
{
    /// <summary>A fresh, ready worker that no one has used; the caller owns and disposes it.</summary>
    Task<WorkerProcess> TakeAsync(CancellationToken cancellationToken = default);
}

/// <summary>Starts each worker when it is asked for.</summary>
internal sealed class OnDemandWorkers(WorkerOptions options) : IWorkerSource
{
    public Task<WorkerProcess> TakeAsync(CancellationToken cancellationToken = default) => WorkerProcess.StartAsync(options, cancellationToken);
}
