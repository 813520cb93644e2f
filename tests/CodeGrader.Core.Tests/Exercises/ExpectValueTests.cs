using System.Numerics;
using CodeGrader.Core.Exercises;
using CodeGrader.Core.Tests.TestSupport;
using CodeGrader.Core.Values;

namespace CodeGrader.Core.Tests.Exercises;

/// <summary>An expect written in YAML becomes the Python value it stands for (YAML 1.2 core schema).</summary>
public sealed class ExpectValueTests
{
    private static PyValue Expect(string yaml)
    {
        using var folder = new TempExercise($"title: t\nentry: add\nstatement: statement.md\nreference: reference.py\ntests:\n  - name: a\n    call: add(1, 2)\n    expect: {yaml}\n");
        var result = ExerciseLoader.Load(folder.Directory);
        var exercise = result.Exercise.ShouldNotBeNull(string.Join("\n", result.Diagnostics));
        return exercise.Tests[0].Expectation.ShouldBeOfType<ExpectValue>().Value;
    }

    [Theory]
    [InlineData("null", "None")]
    [InlineData("~", "None")]
    [InlineData("", "None")]
    [InlineData("true", "True")]
    [InlineData("False", "False")]
    [InlineData("42", "42")]
    [InlineData("-7", "-7")]
    [InlineData("0x1F", "31")]
    [InlineData("1.5", "1.5")]
    [InlineData("1.0e-9", "1e-09")]
    [InlineData(".inf", "inf")]
    [InlineData("-.inf", "-inf")]
    [InlineData(".nan", "nan")]
    [InlineData("'42'", "'42'")]
    [InlineData("yes", "'yes'")]
    [InlineData("plain text", "'plain text'")]
    [InlineData("\"tab\\there\"", "'tab\\there'")]
    [InlineData("[1, 2.0, null, [a]]", "[1, 2.0, None, ['a']]")]
    [InlineData("{the: 2, cat: [1]}", "{'the': 2, 'cat': [1]}")]
    [InlineData("!!str 5", "'5'")]
    public void A_yaml_value_becomes_the_python_value_it_stands_for(string yaml, string python) =>
        PythonLiteral.Format(Expect(yaml)).ShouldBe(python);

    [Fact]
    public void A_yaml_int_larger_than_64_bits_stays_exact()
    {
        Expect("123456789012345678901234567890").ShouldBe(new PyInt(BigInteger.Parse("123456789012345678901234567890", System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void A_yaml_int_is_an_int_and_a_yaml_float_is_a_float()
    {
        Expect("2").ShouldBeOfType<PyInt>();
        Expect("2.0").ShouldBeOfType<PyFloat>();
    }
}
