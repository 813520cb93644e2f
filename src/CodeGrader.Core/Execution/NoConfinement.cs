namespace CodeGrader.Core.Execution;

/// <summary>Runs the worker as a plain child process in its own session. For trusted code, or when the user opts out.</summary>
public sealed class NoConfinement : IWorkerConfinement
{
    public static readonly NoConfinement Instance = new();

    public string Description => "none (the worker runs unconfined)";
    public bool IsConfined => false;

    public IConfinedLaunch Prepare(WorkerCommand command, ResourceLimits limits) => new Launch(command);

    private sealed class Launch(WorkerCommand command) : IConfinedLaunch
    {
        public WorkerCommand Command => command;
        public void KillAll() { }
        public ConfinedUsage Usage() => ConfinedUsage.Unknown;
        public void Dispose() { }
    }
}
