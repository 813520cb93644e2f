using CodeGrader.Core.Exercises.Yaml;

namespace CodeGrader.Core.Exercises;

/// <summary>Reads the one expectation a function test or a call step may carry: <c>expect</c>, <c>expect_py</c> or <c>raises</c>.</summary>
internal static class ExpectationReader
{
    private static readonly string[] Keys = ["expect", "expect_py", "raises"];

    /// <summary>The expectation, <see cref="ExpectFromReference"/> when none is written, or null when what is written is invalid.</summary>
    public static Expectation? Read(YamlMapping mapping, YamlValue owner, LoadContext context)
    {
        var present = Keys.Select(mapping.Find).OfType<YamlEntry>().ToList();
        if (present.Count == 0) return new ExpectFromReference(context.At(owner));
        foreach (var extra in present.Skip(1))
        {
            context.Report(ExerciseDiagnostics.ConflictingExpectations, extra.Key,
                $"'{extra.Name}' and '{present[0].Name}' are both given; a test expects one thing: a value (expect or expect_py) or an exception (raises)");
        }
        var entry = present[0];
        var at = context.At(entry.Value);
        switch (entry.Name)
        {
            case "expect":
                return ExpectValueReader.Read(entry.Value, context) is { } value ? new ExpectValue(value, at) : null;
            case "expect_py":
                return context.String(entry.Value, "expect_py") is { } literal ? new ExpectLiteral(literal, at) : null;
            default:
                if (context.String(entry.Value, "raises") is not { } type) return null;
                if (!PythonNames.IsDottedName(type.Trim()))
                {
                    context.Report(ExerciseDiagnostics.InvalidIdentifier, entry.Value,
                        $"raises must name an exception class (e.g. ValueError or json.decoder.JSONDecodeError), not '{type}'");
                    return null;
                }
                if (type.Trim() is "KeyboardInterrupt")
                {
                    context.Report(ExerciseDiagnostics.InvalidChoice, entry.Value,
                        "KeyboardInterrupt cannot be expected: the grader uses it to stop a test that runs out of time");
                    return null;
                }
                return new ExpectRaises(type.Trim(), at);
        }
    }
}
