using System.Collections.Immutable;
using CodeGrader.Core.Comparison;
using CodeGrader.Core.Diagnostics;
using CodeGrader.Core.Execution;

namespace CodeGrader.Core.Exercises;

/// <summary>
/// One test as loaded: its name, visibility and weight, what to run (a call, steps, or stdin), what it expects,
/// and its effective comparison (exercise level overridden by the test). <see cref="Location"/> points at the test.
/// </summary>
public sealed record ExerciseTest
{
    public required int Index { get; init; }
    public required string Name { get; init; }
    public bool Sample { get; init; }
    public double Weight { get; init; } = 1;
    public required Location Location { get; init; }

    /// <summary>Function tests: the expression to evaluate.</summary>
    public string? Call { get; init; }
    public Location? CallLocation { get; init; }

    /// <summary>A test of tests.py: its id there (<c>test_x</c>, <c>Case.test_x</c>, or <c>check</c>); <see cref="Location"/> is its line.</summary>
    public string? PythonTest { get; init; }

    /// <summary>Function tests: draw at most this many items from the returned iterator.</summary>
    public int? Take { get; init; }

    /// <summary>Program tests: standard input.</summary>
    public string? Stdin { get; init; }

    /// <summary>Class tests: the steps, in order.</summary>
    public ImmutableArray<ExerciseStep> Steps { get; init; } = [];

    /// <summary>Function and program tests: what the test expects. Class tests keep theirs on each call step.</summary>
    public Expectation? Expectation { get; init; }

    public ComparisonOptions Comparison { get; init; } = ComparisonOptions.Default;

    public bool Hidden => !Sample;

    /// <summary>The code the test runs, for reports: the call, the steps one per line, or nothing for programs.</summary>
    public string Describe() => PythonTest is { } id ? $"tests.py: {id}" : Call ?? (Steps.IsEmpty ? "" : string.Join("\n", Steps.Select(s => s.IsCall ? s.Code : "do: " + s.Code)));

    /// <summary>The worker request for this test.</summary>
    internal TestRequest ToRequest() => Call is { } call
        ? Take is null ? TestRequest.ForTestCall(call) : TestRequest.ForCall(call, Take)
        : !Steps.IsEmpty
            ? new TestRequest { Steps = [.. Steps.Select(s => new TestStep(s.Code, s.IsCall))] }
            : TestRequest.ForProgram(Stdin ?? "");
}
