using CodeGrader.Python;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CodeGrader.Core.Execution;

/// <summary>Everything needed to start workers. Immutable and shared between workers; change with <c>with</c>.</summary>
internal sealed record WorkerOptions
{
    public required string WorkerPath { get; init; }
    public required LibPythonLocation Python { get; init; }
    public IWorkerConfinement Confinement { get; init; } = NoConfinement.Instance;
    public ResourceLimits Limits { get; init; } = ResourceLimits.Default;
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(10);
    public HarnessCodeCache HarnessCache { get; init; } = new();
    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;

    /// <summary>Sandboxes built ahead for these options (owned by whoever made it); null to build each at start.</summary>
    public LaunchReserve? Launches { get; init; }

    /// <summary>Forks each worker from a pre-initialised zygote (owned by whoever made it); null to start each afresh.</summary>
    public ForkServer? ForkServer { get; init; }

    /// <summary>
    /// With a fork server that starts workers afresh until its zygote is ready: fork anyway, waiting for the zygote.
    /// For a batch with many submissions to come, where a worker started afresh costs several forks' CPU and the
    /// zygote's start is repaid many times over.
    /// </summary>
    public bool WaitsForZygote { get; init; }

    /// <summary>Finds libpython and the worker binary with the default rules (<see cref="LibPythonLocator"/>, <see cref="WorkerLocator"/>: the linked worker for Debian's libpython).</summary>
    public static WorkerOptions Discover(LibPythonSearchOptions? python = null)
    {
        var library = LibPythonLocator.Locate(python);
        return new() { WorkerPath = WorkerLocator.Locate(library), Python = library };
    }
}
