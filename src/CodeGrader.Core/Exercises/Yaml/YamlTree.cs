using System.Collections.Immutable;
using CodeGrader.Core.Diagnostics;

namespace CodeGrader.Core.Exercises.Yaml;

/// <summary>A YAML node with its zero-based span in the file. Mappings keep duplicate keys so the loader can report them.</summary>
internal abstract record YamlValue(LinePositionSpan Span)
{
    /// <summary>What the node is, for messages: "a string", "a list", "a mapping".</summary>
    public abstract string Describe();
}

/// <summary>A scalar as written: its text, whether it was plain (unquoted, so YAML resolves its type), and an explicit tag.</summary>
internal sealed record YamlScalar(string Text, bool IsPlain, string? Tag, LinePositionSpan Span) : YamlValue(Span)
{
    public override string Describe() => IsPlain && Tag is null ? YamlCoreSchema.Resolve(this).Describe() : "a string";
}

internal sealed record YamlSequence(ImmutableArray<YamlValue> Items, LinePositionSpan Span) : YamlValue(Span)
{
    public override string Describe() => "a list";
}

internal sealed record YamlEntry(YamlValue Key, YamlValue Value)
{
    /// <summary>The key's text when it is a scalar, else null.</summary>
    public string? Name => Key is YamlScalar scalar ? scalar.Text : null;
}

internal sealed record YamlMapping(ImmutableArray<YamlEntry> Entries, LinePositionSpan Span) : YamlValue(Span)
{
    public override string Describe() => "a mapping";

    /// <summary>The first entry with this key, or null (a loop: asked for every key of every test, a lambda was 135 MB of garbage on HumanEval+).</summary>
    public YamlEntry? Find(string name)
    {
        foreach (var entry in Entries)
        {
            if (entry.Name == name) return entry;
        }
        return null;
    }

    public bool Has(string name) => Find(name) is not null;
}
