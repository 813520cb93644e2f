using CodeGrader.Core.Diagnostics;
using CodeGrader.Core.Values;

namespace CodeGrader.Core.Exercises;

/// <summary>What a test (or a checked step) expects, as the author wrote it; <see cref="Location"/> points at it in exercise.yaml.</summary>
public abstract record Expectation(Location Location);

/// <summary><c>expect</c>: a YAML value, already a Python value.</summary>
public sealed record ExpectValue(PyValue Value, Location Location) : Expectation(Location);

/// <summary><c>expect_py</c>: a Python literal, evaluated by a trusted worker when the exercise is prepared.</summary>
public sealed record ExpectLiteral(string Literal, Location Location) : Expectation(Location);

/// <summary><c>raises</c>: an exception whose type or a base has this name.</summary>
public sealed record ExpectRaises(string ExceptionType, Location Location) : Expectation(Location);

/// <summary><c>stdout</c> of a program test.</summary>
public sealed record ExpectOutput(string Text, Location Location) : Expectation(Location);

/// <summary>Nothing written: the reference's value (or output) at the same place.</summary>
public sealed record ExpectFromReference(Location Location) : Expectation(Location);
