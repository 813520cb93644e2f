using System.Collections.Immutable;

namespace CodeGrader.Core.Results;

/// <summary>A Python exception in a report: its type, message and the candidate's frames ("file:line in function").</summary>
public sealed record ErrorInfo(string Type, string Message, ImmutableArray<string> Traceback, int? Line);

/// <summary>
/// One test's result in a <see cref="GradeReport"/>. Everything but name, sample, weight, status and time is absent in
/// the candidate view of a hidden test (<see cref="Redacted"/>).
/// </summary>
public sealed record TestResult
{
    public required string Name { get; init; }
    public bool Sample { get; init; }
    public double Weight { get; init; } = 1;
    public required TestStatus Status { get; init; }

    /// <summary>Wall time of the test on the host's clock, in milliseconds.</summary>
    public double TimeMs { get; init; }

    /// <summary>Time inside the call as the worker measured it (informational: the host's clock decides), in milliseconds.</summary>
    public double? CallMs { get; init; }

    public string? Message { get; init; }

    /// <summary>The call expression, or a class test's steps one per line.</summary>
    public string? Call { get; init; }

    /// <summary>A program test's standard input.</summary>
    public string? Stdin { get; init; }

    public string? Expected { get; init; }
    public string? Actual { get; init; }

    /// <summary>A few lines showing where long strings or output first differ.</summary>
    public string? Diff { get; init; }

    public string? Stdout { get; init; }
    public string? Stderr { get; init; }
    public ErrorInfo? Error { get; init; }

    /// <summary>A test of the exercise's tests.py: the candidate view shows only its name, status and time, sample or not.</summary>
    public bool PythonTest { get; init; }

    /// <summary>True when details were removed for the candidate view.</summary>
    public bool Redacted { get; init; }

    public bool Hidden => !Sample;
}
