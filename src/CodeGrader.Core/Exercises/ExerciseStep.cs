using CodeGrader.Core.Diagnostics;

namespace CodeGrader.Core.Exercises;

/// <summary>One step of a class test: <c>do</c> (statements, not checked) or <c>call</c> (an expression whose value is checked).</summary>
public sealed record ExerciseStep(string Code, bool IsCall, Expectation? Expectation, Location Location)
{
    public static ExerciseStep Do(string code, Location location) => new(code, false, null, location);
}
