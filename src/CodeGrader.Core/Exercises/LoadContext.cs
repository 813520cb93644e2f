using System.Collections.Immutable;
using System.Numerics;
using CodeGrader.Core.Diagnostics;
using CodeGrader.Core.Exercises.Yaml;

namespace CodeGrader.Core.Exercises;

/// <summary>
/// What the exercise readers share while loading one exercise.yaml: its path, the diagnostics found so far (every
/// problem is reported, loading never stops at the first), and typed reads of YAML values that report what is wrong.
/// </summary>
internal sealed class LoadContext(string filePath)
{
    private readonly ImmutableArray<Diagnostic>.Builder _diagnostics = ImmutableArray.CreateBuilder<Diagnostic>();

    public string FilePath => filePath;

    public ImmutableArray<Diagnostic> Diagnostics => _diagnostics.ToImmutable();

    public bool HasErrors => _diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);

    public Location At(YamlValue node) => new(filePath, node.Span);

    public void Report(DiagnosticDescriptor descriptor, YamlValue at, string message) => Report(descriptor, At(at), message);

    public void Report(DiagnosticDescriptor descriptor, Location at, string message) => _diagnostics.Add(new Diagnostic(descriptor, at, message));

    /// <summary>Reports duplicate keys, unknown keys (with did-you-mean) and keys that belong to another kind of exercise.</summary>
    public void CheckKeys(YamlMapping mapping, IReadOnlyList<string> allowed, string where, IReadOnlyList<string>? otherKinds = null, string? kindName = null)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in mapping.Entries)
        {
            if (entry.Name is not { } name)
            {
                Report(ExerciseDiagnostics.WrongType, entry.Key, $"a key of {where} must be a plain word, not {entry.Key.Describe()}");
                continue;
            }
            if (!seen.Add(name))
            {
                var first = mapping.Find(name)!;
                Report(ExerciseDiagnostics.DuplicateKey, entry.Key,
                    $"'{name}' appears twice in {where} (first at line {first.Key.Span.Start.Line + 1}); remove one");
                continue;
            }
            if (allowed.Contains(name) || ExerciseKeys.IsExtension(name)) continue;
            if (otherKinds is not null && otherKinds.Contains(name))
            {
                Report(ExerciseDiagnostics.KeyNotForKind, entry.Key, $"'{name}' does not belong in {where} of a {kindName} exercise");
                continue;
            }
            Report(ExerciseDiagnostics.UnknownKey, entry.Key,
                $"unknown key '{name}' in {where}{KeySuggester.DidYouMean(name, allowed)}");
        }
    }

    public YamlMapping? Mapping(YamlValue node, string what)
    {
        if (node is YamlMapping mapping) return mapping;
        Report(ExerciseDiagnostics.WrongType, node, $"{what} must be a mapping, not {node.Describe()}");
        return null;
    }

    public YamlSequence? Sequence(YamlValue node, string what)
    {
        if (node is YamlSequence sequence) return sequence;
        Report(ExerciseDiagnostics.WrongType, node, $"{what} must be a list, not {node.Describe()}");
        return null;
    }

    /// <summary>A string value; plain scalars that YAML reads as numbers, bools or null are reported (quote them).</summary>
    public string? String(YamlValue node, string what, bool allowEmpty = false)
    {
        if (node is not YamlScalar scalar || YamlCoreSchema.Resolve(scalar) is not YamlString text)
        {
            var hint = node is YamlScalar ? " (put it in quotes to make it a string)" : "";
            Report(ExerciseDiagnostics.WrongType, node, $"{what} must be a string, not {node.Describe()}{hint}");
            return null;
        }
        if (!allowEmpty && text.Value.Trim().Length == 0)
        {
            Report(ExerciseDiagnostics.EmptyValue, node, $"{what} must not be empty");
            return null;
        }
        return text.Value;
    }

    public bool? Bool(YamlValue node, string what)
    {
        if (node is YamlScalar scalar && YamlCoreSchema.Resolve(scalar) is YamlBool value) return value.Value;
        Report(ExerciseDiagnostics.WrongType, node, $"{what} must be true or false, not {node.Describe()}");
        return null;
    }

    /// <summary>A number (int or float), or null with a diagnostic.</summary>
    public double? Number(YamlValue node, string what)
    {
        if (node is YamlScalar scalar)
        {
            switch (YamlCoreSchema.Resolve(scalar))
            {
                case YamlInt i: return (double)i.Value;
                case YamlFloat f when double.IsFinite(f.Value): return f.Value;
            }
        }
        Report(ExerciseDiagnostics.WrongType, node, $"{what} must be a number, not {node.Describe()}");
        return null;
    }

    public BigInteger? Integer(YamlValue node, string what)
    {
        if (node is YamlScalar scalar && YamlCoreSchema.Resolve(scalar) is YamlInt i) return i.Value;
        Report(ExerciseDiagnostics.WrongType, node, $"{what} must be an integer, not {node.Describe()}");
        return null;
    }

    /// <summary>A positive integer that fits an int, or null with a diagnostic.</summary>
    public int? PositiveInt(YamlValue node, string what)
    {
        if (Integer(node, what) is not { } value) return null;
        if (value <= 0 || value > int.MaxValue)
        {
            Report(ExerciseDiagnostics.NotPositive, node, $"{what} must be a positive integer, not {value}");
            return null;
        }
        return (int)value;
    }
}
