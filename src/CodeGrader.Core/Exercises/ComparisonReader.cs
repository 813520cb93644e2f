using CodeGrader.Core.Comparison;
using CodeGrader.Core.Exercises.Yaml;

namespace CodeGrader.Core.Exercises;

/// <summary>Reads <c>tolerance</c>, <c>unordered</c>, <c>types</c> and <c>compare</c>, at exercise level or as a test's override.</summary>
internal static class ComparisonReader
{
    public static ComparisonOptions Read(YamlMapping mapping, ComparisonOptions inherited, LoadContext context, string where, bool hasChecker)
    {
        var options = inherited;
        foreach (var key in (string[])["tolerance", "unordered", "types", "compare"])
        {
            if (hasChecker && mapping.Find(key) is { } ignored)
            {
                context.Report(ExerciseDiagnostics.IgnoredWithChecker, ignored.Key,
                    $"'{key}' in {where} is not used: the exercise's checker decides every value comparison");
            }
        }
        if (mapping.Find("tolerance") is { } tolerance && ReadTolerance(tolerance.Value, context) is { } t)
            options = options with { Tolerance = t };
        if (mapping.Find("unordered") is { } unordered && context.Bool(unordered.Value, "unordered") is { } u)
            options = options with { Unordered = u };
        if (mapping.Find("types") is { } types && context.String(types.Value, "types") is { } typing)
        {
            switch (typing)
            {
                case "base": options = options with { ExactTypes = false }; break;
                case "exact": options = options with { ExactTypes = true }; break;
                default:
                    context.Report(ExerciseDiagnostics.InvalidChoice, types.Value,
                        $"types must be 'base' (a subclass of a built-in type compares as its base value) or 'exact', not '{typing}'{KeySuggester.DidYouMean(typing, ["base", "exact"])}");
                    break;
            }
        }
        if (mapping.Find("compare") is { } compare && context.String(compare.Value, "compare") is { } mode)
        {
            switch (mode)
            {
                case "exact": options = options with { Output = OutputComparison.Exact }; break;
                case "whitespace": options = options with { Output = OutputComparison.Whitespace }; break;
                default:
                    context.Report(ExerciseDiagnostics.InvalidChoice, compare.Value,
                        $"compare must be 'exact' or 'whitespace', not '{mode}'{KeySuggester.DidYouMean(mode, ["exact", "whitespace"])}");
                    break;
            }
        }
        return options;
    }

    /// <summary>A number x (rel = abs = x) or a mapping {rel, abs} with math.isclose's defaults for missing keys.</summary>
    private static Tolerance? ReadTolerance(YamlValue node, LoadContext context)
    {
        if (node is YamlMapping mapping)
        {
            context.CheckKeys(mapping, ExerciseKeys.Tolerance, "tolerance");
            var rel = mapping.Find("rel") is { } r ? NonNegative(r.Value, "tolerance.rel", context) : Tolerance.DefaultRelative;
            var abs = mapping.Find("abs") is { } a ? NonNegative(a.Value, "tolerance.abs", context) : Tolerance.DefaultAbsolute;
            return rel is { } relative && abs is { } absolute ? new Tolerance(relative, absolute) : null;
        }
        if (node is not YamlScalar)
        {
            context.Report(ExerciseDiagnostics.InvalidTolerance, node, $"tolerance must be a number or a mapping {{rel, abs}}, not {node.Describe()}");
            return null;
        }
        return NonNegative(node, "tolerance", context) is { } x ? new Tolerance(x, x) : null;
    }

    private static double? NonNegative(YamlValue node, string what, LoadContext context)
    {
        if (context.Number(node, what) is not { } value) return null;
        if (value >= 0) return value;
        context.Report(ExerciseDiagnostics.InvalidTolerance, node, $"{what} must be a number >= 0, not {value.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
        return null;
    }
}
