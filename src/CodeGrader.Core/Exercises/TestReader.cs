using System.Collections.Immutable;
using CodeGrader.Core.Comparison;
using CodeGrader.Core.Exercises.Yaml;

namespace CodeGrader.Core.Exercises;

/// <summary>Reads the <c>tests</c> list: the keys common to every kind, then the kind's own.</summary>
internal sealed class TestReader(LoadContext context, ExerciseKind kind, ComparisonOptions exerciseComparison, bool hasChecker)
{
    private readonly Dictionary<string, YamlValue> _names = new(StringComparer.Ordinal);

    public ImmutableArray<ExerciseTest> ReadAll(YamlValue node)
    {
        if (context.Sequence(node, "tests") is not { } list) return [];
        if (list.Items.IsEmpty)
        {
            context.Report(ExerciseDiagnostics.NoTests, node, "tests is empty: an exercise needs at least one test");
            return [];
        }
        var tests = ImmutableArray.CreateBuilder<ExerciseTest>();
        for (var i = 0; i < list.Items.Length; i++)
        {
            if (Read(list.Items[i], i) is { } test) tests.Add(test);
        }
        return tests.ToImmutable();
    }

    private ExerciseTest? Read(YamlValue node, int index)
    {
        var label = $"test #{index + 1}";
        if (context.Mapping(node, label) is not { } mapping) return null;
        string? name = null;
        var nameEntry = mapping.Find("name");
        if (nameEntry is null)
        {
            context.Report(ExerciseDiagnostics.MissingKey, node, $"{label} has no 'name'");
        }
        else if (context.String(nameEntry.Value, "a test's name") is { } text)
        {
            name = text;
            label = $"test '{text}'";
            if (_names.TryGetValue(text, out var first))
            {
                context.Report(ExerciseDiagnostics.DuplicateTestName, nameEntry.Value,
                    $"two tests are named '{text}' (the first at line {first.Span.Start.Line + 1}); test names must be unique");
            }
            else
            {
                _names[text] = nameEntry.Value;
            }
        }
        var kindName = kind.ToString().ToLowerInvariant();
        context.CheckKeys(mapping, ExerciseKeys.TestKeys(kind), label, ExerciseKeys.AnyTest, kindName);
        var sample = mapping.Find("sample") is { } s ? context.Bool(s.Value, "sample") ?? false : false;
        var weight = 1.0;
        if (mapping.Find("weight") is { } w && context.Number(w.Value, "weight") is { } value)
        {
            if (value > 0) weight = value;
            else context.Report(ExerciseDiagnostics.NotPositive, w.Value, $"weight must be a positive number, not {value.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
        }
        var comparison = ComparisonReader.Read(mapping, exerciseComparison, context, label, hasChecker);
        var test = new ExerciseTest
        {
            Index = index,
            Name = name ?? $"#{index + 1}",
            Sample = sample,
            Weight = weight,
            Location = context.At(nameEntry?.Value ?? node),
            Comparison = comparison,
        };
        test = kind switch
        {
            ExerciseKind.Program => ReadProgram(mapping, test),
            ExerciseKind.Class => ReadClass(mapping, node, test, label),
            _ => ReadFunction(mapping, node, test, label),
        };
        return name is null ? null : test;
    }

    private ExerciseTest ReadFunction(YamlMapping mapping, YamlValue node, ExerciseTest test, string label)
    {
        string? call = null;
        var callEntry = mapping.Find("call");
        if (callEntry is null)
            context.Report(ExerciseDiagnostics.MissingKey, node, $"{label} has no 'call' (the Python expression to evaluate)");
        else
            call = context.String(callEntry.Value, "call");
        int? take = mapping.Find("take") is { } t ? context.PositiveInt(t.Value, "take") : null;
        var expectation = ExpectationReader.Read(mapping, node, context);
        if (take is not null && expectation is ExpectValue { Value: not Values.PySequence { Kind: Values.SequenceKind.List } } notList)
        {
            context.Report(ExerciseDiagnostics.WrongType, notList.Location,
                $"{label} has take, so its expected value is the list of the items taken, not {notList.Value.TypeName} {Values.PythonLiteral.Format(notList.Value, 60)}");
        }
        return test with
        {
            Call = call ?? "",
            CallLocation = callEntry is null ? null : context.At(callEntry.Value),
            Take = take,
            Expectation = expectation,
        };
    }

    private ExerciseTest ReadProgram(YamlMapping mapping, ExerciseTest test)
    {
        var stdin = mapping.Find("stdin") is { } i ? context.String(i.Value, "stdin", allowEmpty: true) : "";
        Expectation expectation = mapping.Find("stdout") is { } o
            ? context.String(o.Value, "stdout", allowEmpty: true) is { } text ? new ExpectOutput(text, context.At(o.Value)) : new ExpectOutput("", context.At(o.Value))
            : new ExpectFromReference(test.Location);
        return test with { Stdin = stdin ?? "", Expectation = expectation };
    }

    private ExerciseTest ReadClass(YamlMapping mapping, YamlValue node, ExerciseTest test, string label)
    {
        if (mapping.Find("steps") is not { } entry)
        {
            context.Report(ExerciseDiagnostics.MissingKey, node, $"{label} has no 'steps'");
            return test;
        }
        return test with { Steps = StepReader.ReadAll(entry.Value, label, context) };
    }
}
