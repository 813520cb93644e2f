using CodeGrader.Core.Execution;
using CodeGrader.Core.Reports;
using CodeGrader.Core.Results;

namespace CodeGrader.Core.Engine;

/// <summary>
/// What <see cref="GradingEngine.RunCallAsync"/> came to: the load (with diagnostics when the source does not
/// compile or fails on import), the call's result when the load succeeded, and how the worker was confined.
/// </summary>
public sealed record CallOutcome(LoadResult Load, TestRunResult? Result, SandboxInfo Sandbox);
