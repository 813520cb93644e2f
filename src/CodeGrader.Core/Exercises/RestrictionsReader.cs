using System.Collections.Immutable;
using CodeGrader.Core.Exercises.Yaml;

namespace CodeGrader.Core.Exercises;

/// <summary>Reads <c>restrictions: { forbid_imports: [...], forbid_names: [...], max_source_bytes: N }</c>.</summary>
internal static class RestrictionsReader
{
    public static ExerciseRestrictions Read(YamlValue node, LoadContext context)
    {
        if (context.Mapping(node, "restrictions") is not { } mapping) return ExerciseRestrictions.None;
        context.CheckKeys(mapping, ExerciseKeys.Restrictions, "restrictions");
        var imports = mapping.Find("forbid_imports") is { } i ? Names(i.Value, "restrictions.forbid_imports", dotted: true, context) : [];
        var names = mapping.Find("forbid_names") is { } n ? Names(n.Value, "restrictions.forbid_names", dotted: false, context) : [];
        long? maxBytes = null;
        if (mapping.Find("max_source_bytes") is { } max && context.PositiveInt(max.Value, "restrictions.max_source_bytes") is { } bytes)
            maxBytes = bytes;
        return new ExerciseRestrictions(imports, names, maxBytes);
    }

    private static ImmutableArray<string> Names(YamlValue node, string what, bool dotted, LoadContext context)
    {
        if (context.Sequence(node, what) is not { } list) return [];
        var names = ImmutableArray.CreateBuilder<string>();
        foreach (var item in list.Items)
        {
            if (context.String(item, $"an item of {what}") is not { } name) continue;
            var valid = dotted ? PythonNames.IsDottedName(name) : PythonNames.IsIdentifier(name) || name is "__import__";
            if (!valid)
            {
                context.Report(ExerciseDiagnostics.InvalidIdentifier, item,
                    $"'{name}' in {what} is not {(dotted ? "a (dotted) module name" : "a Python identifier")}");
                continue;
            }
            names.Add(name);
        }
        return names.ToImmutable();
    }
}
