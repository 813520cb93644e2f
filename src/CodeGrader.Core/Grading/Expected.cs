using CodeGrader.Core.Values;
using CodeGrader.Core.Results;

namespace CodeGrader.Core.Grading;

/// <summary>Where an expected value came from.</summary>
internal enum ExpectationSource
{
    /// <summary><c>expect</c>: a YAML value.</summary>
    Yaml,
    /// <summary><c>expect_py</c>: a Python literal.</summary>
    PythonLiteral,
    /// <summary>Computed by running the reference.</summary>
    Reference,
    /// <summary><c>raises</c>.</summary>
    Raises,
    /// <summary><c>stdout</c> of a program test.</summary>
    Stdout,
}

/// <summary>What a test (or a checked step) expects, resolved: a value, an exception, or program output. Held by the host only.</summary>
internal abstract record Expected(ExpectationSource Source)
{
    /// <summary>The expectation as people read it: a Python literal, "raises ValueError", or the output text.</summary>
    public abstract string Describe();
}

internal sealed record ExpectedValue(PyValue Value, ExpectationSource Source) : Expected(Source)
{
    public override string Describe() => PythonLiteral.Format(Value);
}

internal sealed record ExpectedException(string TypeName) : Expected(ExpectationSource.Raises)
{
    public override string Describe() => $"raises {TypeName}";
}

internal sealed record ExpectedOutput(string Text, ExpectationSource Source) : Expected(Source)
{
    public override string Describe() => Text;
}
