using System.Globalization;
using CodeGrader.Core.Exercises.Yaml;

namespace CodeGrader.Core.Exercises;

/// <summary>
/// Reads <c>limits: { time: 2s, memory: 128MiB, output: 64KiB, total: 20s, values: 1000000, value_chars: 16MiB }</c>;
/// a key left out keeps its default.
/// </summary>
internal static class LimitsReader
{
    public static ExerciseLimits Read(YamlValue node, LoadContext context)
    {
        var limits = ExerciseLimits.Default;
        if (context.Mapping(node, "limits") is not { } mapping) return limits;
        context.CheckKeys(mapping, ExerciseKeys.Limits, "limits");
        if (mapping.Find("time") is { } time && Text(time.Value, "limits.time", context) is { } duration)
        {
            if (LimitParser.TryParseDuration(duration, out var value, out var problem)) limits = limits with { Time = value };
            else context.Report(ExerciseDiagnostics.InvalidLimit, time.Value, problem!);
        }
        if (mapping.Find("memory") is { } memory && Text(memory.Value, "limits.memory", context) is { } size)
        {
            if (LimitParser.TryParseSize(size, out var value, out var problem)) limits = limits with { MemoryBytes = value };
            else context.Report(ExerciseDiagnostics.InvalidLimit, memory.Value, problem!);
        }
        if (mapping.Find("output") is { } output && Text(output.Value, "limits.output", context) is { } cap)
        {
            if (!LimitParser.TryParseSize(cap, out var value, out var problem)) context.Report(ExerciseDiagnostics.InvalidLimit, output.Value, problem!);
            else if (value > 1L << 30) context.Report(ExerciseDiagnostics.InvalidLimit, output.Value, $"the output limit {cap} is over 1GiB");
            else limits = limits with { OutputCharacters = (int)value };
        }
        if (mapping.Find("total") is { } total && Text(total.Value, "limits.total", context) is { } budget)
        {
            if (LimitParser.TryParseDuration(budget, out var value, out var problem)) limits = limits with { Total = value };
            else context.Report(ExerciseDiagnostics.InvalidLimit, total.Value, problem!);
        }
        if (mapping.Find("values") is { } values && context.PositiveInt(values.Value, "limits.values") is { } count)
        {
            if (count <= ExerciseLimits.MaxValuesCeiling) limits = limits with { MaxValues = count };
            else context.Report(ExerciseDiagnostics.InvalidLimit, values.Value, string.Create(CultureInfo.InvariantCulture,
                $"limits.values {count} is over the maximum, {ExerciseLimits.MaxValuesCeiling}: one answer travels in one 64 MiB message; make the test return a summary of its result instead"));
        }
        if (mapping.Find("value_chars") is { } chars && Text(chars.Value, "limits.value_chars", context) is { } text)
        {
            if (!LimitParser.TryParseSize(text, out var value, out var problem)) context.Report(ExerciseDiagnostics.InvalidLimit, chars.Value, problem!);
            else if (value > ExerciseLimits.MaxValueCharsCeiling) context.Report(ExerciseDiagnostics.InvalidLimit, chars.Value,
                $"limits.value_chars {text} is over the maximum, 32MiB: one answer travels in one 64 MiB message; make the test return a summary of its result instead");
            else limits = limits with { MaxValueChars = (int)value };
        }
        return limits;
    }

    /// <summary>The limit's text; a bare number (<c>time: 2</c>) is reported with the unit it lacks.</summary>
    private static string? Text(YamlValue node, string what, LoadContext context)
    {
        if (node is YamlScalar scalar && YamlCoreSchema.Resolve(scalar) is YamlInt or YamlFloat)
        {
            var example = what.EndsWith("time", StringComparison.Ordinal) || what.EndsWith("total", StringComparison.Ordinal) ? $"{scalar.Text}s" : $"{scalar.Text}MiB";
            context.Report(ExerciseDiagnostics.InvalidLimit, node, $"{what} needs a unit: '{scalar.Text}' is a bare number (e.g. {example})");
            return null;
        }
        return context.String(node, what);
    }
}
