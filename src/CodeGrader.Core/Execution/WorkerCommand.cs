using System.Collections.Immutable;

namespace CodeGrader.Core.Execution;

/// <summary>A program to start: what a confinement receives and may wrap (for example in bubblewrap).</summary>
public sealed record WorkerCommand(
    string Executable,
    ImmutableArray<string> Arguments,
    ImmutableDictionary<string, string> Environment,
    string? WorkingDirectory = null);
