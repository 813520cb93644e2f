namespace CodeGrader.Core.Execution;

/// <summary>
/// One step of a <see cref="TestPipeline"/> run, in order: the host started the clock of the test at
/// <see cref="Position"/> (<see cref="TestClockStarted"/>), or its run came back (<see cref="TestRan"/>).
/// </summary>
internal abstract record PipelineStep(int Position);

/// <summary>The host's clock of the test at <see cref="PipelineStep.Position"/> started: it is the one the worker runs now.</summary>
internal sealed record TestClockStarted(int Position) : PipelineStep(Position);

/// <summary>The test at <see cref="PipelineStep.Position"/> ran (or a fresh worker could not load the submission: the run ends there).</summary>
internal sealed record TestRan(int Position, SessionRun Run) : PipelineStep(Position);
