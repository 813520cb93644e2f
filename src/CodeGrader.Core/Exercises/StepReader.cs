using System.Collections.Immutable;
using CodeGrader.Core.Exercises.Yaml;

namespace CodeGrader.Core.Exercises;

/// <summary>Reads a class test's <c>steps</c>: each a <c>do</c> (statements) or a <c>call</c> (a checked expression).</summary>
internal static class StepReader
{
    public static ImmutableArray<ExerciseStep> ReadAll(YamlValue node, string label, LoadContext context)
    {
        if (context.Sequence(node, $"the steps of {label}") is not { } list) return [];
        if (list.Items.IsEmpty)
        {
            context.Report(ExerciseDiagnostics.InvalidStep, node, $"{label} has no steps");
            return [];
        }
        var steps = ImmutableArray.CreateBuilder<ExerciseStep>();
        YamlValue? raisesAt = null;
        foreach (var item in list.Items)
        {
            var where = $"step {steps.Count + 1} of {label}";
            if (raisesAt is not null)
            {
                context.Report(ExerciseDiagnostics.StepAfterRaises, item,
                    $"{where} follows a step with 'raises' (line {raisesAt.Span.Start.Line + 1}); an exception ends the test, so a step with raises must be the last " +
                    "(catch the exception in a 'do' step to check the state after it)");
            }
            if (Read(item, where, context) is { } step)
            {
                steps.Add(step);
                if (step.Expectation is ExpectRaises) raisesAt = item;
            }
        }
        return steps.ToImmutable();
    }

    private static ExerciseStep? Read(YamlValue node, string where, LoadContext context)
    {
        if (context.Mapping(node, where) is not { } mapping) return null;
        context.CheckKeys(mapping, ExerciseKeys.Step, where);
        var @do = mapping.Find("do");
        var call = mapping.Find("call");
        if ((@do is null) == (call is null))
        {
            context.Report(ExerciseDiagnostics.InvalidStep, node,
                $"{where} must have exactly one of 'do' (statements) and 'call' (an expression whose value is checked)");
            return null;
        }
        if (@do is not null)
        {
            foreach (var key in (string[])["expect", "expect_py", "raises"])
            {
                if (mapping.Find(key) is { } extra)
                    context.Report(ExerciseDiagnostics.InvalidStep, extra.Key, $"{where} is a 'do' step, which is not checked, so it cannot have '{key}'; use 'call'");
            }
            return context.String(@do.Value, "do") is { } statements ? ExerciseStep.Do(statements, context.At(@do.Value)) : null;
        }
        var code = context.String(call!.Value, "call");
        var expectation = ExpectationReader.Read(mapping, call.Value, context);
        return code is null ? null : new ExerciseStep(code, true, expectation, context.At(call.Value));
    }
}
