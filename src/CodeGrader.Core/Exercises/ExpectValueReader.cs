using System.Collections.Immutable;
using CodeGrader.Core.Exercises.Yaml;
using CodeGrader.Core.Values;

namespace CodeGrader.Core.Exercises;

/// <summary>Turns an <c>expect</c> YAML value into the Python value it stands for (docs/exercise-format.md, "expect").</summary>
internal static class ExpectValueReader
{
    public static PyValue? Read(YamlValue node, LoadContext context)
    {
        switch (node)
        {
            case YamlScalar scalar:
                return YamlCoreSchema.Resolve(scalar) switch
                {
                    YamlNull => PyNone.Instance,
                    YamlBool b => new PyBool(b.Value),
                    YamlInt i => new PyInt(i.Value),
                    YamlFloat f => new PyFloat(f.Value),
                    YamlString s => new PyStr(s.Value),
                    _ => null,
                };
            case YamlSequence sequence:
            {
                var items = ImmutableArray.CreateBuilder<PyValue>(sequence.Items.Length);
                var ok = true;
                foreach (var item in sequence.Items)
                {
                    var value = Read(item, context);
                    ok &= value is not null;
                    if (value is not null) items.Add(value);
                }
                return ok ? new PySequence(SequenceKind.List, items.MoveToImmutable()) : null;
            }
            case YamlMapping mapping:
            {
                var pairs = ImmutableArray.CreateBuilder<KeyValuePair<PyValue, PyValue>>();
                var seen = new HashSet<string>(StringComparer.Ordinal);
                var ok = true;
                foreach (var entry in mapping.Entries)
                {
                    if (entry.Key is not YamlScalar key || YamlCoreSchema.Resolve(key) is not YamlString name)
                    {
                        context.Report(ExerciseDiagnostics.NonStringKey, entry.Key,
                            $"an expect mapping's keys must be strings, not {entry.Key.Describe()}; write the value with expect_py (e.g. \"{{1: 'one'}}\")");
                        ok = false;
                        continue;
                    }
                    if (!seen.Add(name.Value))
                    {
                        context.Report(ExerciseDiagnostics.DuplicateKey, entry.Key, $"the key '{name.Value}' appears twice in this expect mapping");
                        ok = false;
                        continue;
                    }
                    var value = Read(entry.Value, context);
                    ok &= value is not null;
                    if (value is not null) pairs.Add(new(new PyStr(name.Value), value));
                }
                return ok ? new PyDict(pairs.ToImmutable()) : null;
            }
            default:
                return null;
        }
    }
}
