using System.Collections.Immutable;
using CodeGrader.Core.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace CodeGrader.Core.Exercises.Yaml;

/// <summary>
/// Reads one YAML document into a <see cref="YamlValue"/> tree with spans, from YamlDotNet's event parser.
/// Unlike YamlDotNet's representation model it keeps duplicate keys (so they can be reported with both
/// locations) and never throws: a syntax error becomes a problem with its position.
/// </summary>
internal static class YamlTreeReader
{
    /// <summary>A syntax problem: the message and where the parser stopped.</summary>
    public sealed record Problem(string Message, LinePosition Position);

    public static YamlValue? Read(string text, out Problem? problem) => Read(text, out problem, out _);

    /// <summary>As <see cref="Read(string, out Problem?)"/>; <paramref name="anchored"/> says whether the document defines an anchor (whose aliases share a node).</summary>
    public static YamlValue? Read(string text, out Problem? problem, out bool anchored)
    {
        problem = null;
        anchored = false;
        var parser = new Parser(new StringReader(text));
        var anchors = new Dictionary<string, YamlValue>(StringComparer.Ordinal);
        var last = new Mark();
        try
        {
            YamlValue? root = null;
            var documents = 0;
            while (Next(parser, ref last) is { } e)
            {
                switch (e)
                {
                    case StreamStart or StreamEnd or DocumentEnd:
                        break;
                    case DocumentStart:
                        documents++;
                        if (documents > 1)
                        {
                            problem = new Problem("exercise.yaml must hold one YAML document, not several ('---' starts another)", Position(e.Start));
                            return null;
                        }
                        break;
                    default:
                        root = ReadNode(parser, e, anchors, ref last);
                        anchored = anchors.Count > 0;
                        break;
                }
            }
            return root;
        }
        catch (YamlException e)
        {
            problem = new Problem(Clean(e.Message), Position(e.Start));
            return null;
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or FormatException)
        {
            problem = new Problem($"the YAML could not be read here ({e.Message})", Position(last));
            return null;
        }
    }

    private static ParsingEvent? Next(IParser parser, ref Mark last)
    {
        if (!parser.MoveNext()) return null;
        last = parser.Current!.End;
        return parser.Current;
    }

    private static YamlValue ReadNode(IParser parser, ParsingEvent start, Dictionary<string, YamlValue> anchors, ref Mark last)
    {
        YamlValue node;
        switch (start)
        {
            case Scalar scalar:
                var tag = scalar.Tag.IsEmpty || scalar.Tag.IsNonSpecific ? null : scalar.Tag.Value;
                node = new YamlScalar(scalar.Value, scalar.Style == ScalarStyle.Plain, tag, Span(scalar.Start, scalar.End));
                Remember(scalar.Anchor, node, anchors);
                return node;
            case AnchorAlias alias:
                if (anchors.TryGetValue(alias.Value.Value, out var target)) return target;
                throw new YamlException(alias.Start, alias.End, $"the alias *{alias.Value.Value} names no anchor defined before it");
            case SequenceStart sequence:
            {
                var items = ImmutableArray.CreateBuilder<YamlValue>();
                ParsingEvent e;
                while ((e = Next(parser, ref last) ?? throw Truncated(last)) is not SequenceEnd)
                    items.Add(ReadNode(parser, e, anchors, ref last));
                node = new YamlSequence(items.ToImmutable(), Span(sequence.Start, e.End));
                Remember(sequence.Anchor, node, anchors);
                return node;
            }
            case MappingStart mapping:
            {
                var entries = ImmutableArray.CreateBuilder<YamlEntry>();
                ParsingEvent e;
                while ((e = Next(parser, ref last) ?? throw Truncated(last)) is not MappingEnd)
                {
                    var key = ReadNode(parser, e, anchors, ref last);
                    var value = ReadNode(parser, Next(parser, ref last) ?? throw Truncated(last), anchors, ref last);
                    entries.Add(new YamlEntry(key, value));
                }
                node = new YamlMapping(entries.ToImmutable(), Span(mapping.Start, e.End));
                Remember(mapping.Anchor, node, anchors);
                return node;
            }
            default:
                throw new YamlException(start.Start, start.End, $"unexpected {start.GetType().Name}");
        }
    }

    private static void Remember(AnchorName anchor, YamlValue node, Dictionary<string, YamlValue> anchors)
    {
        if (!anchor.IsEmpty) anchors[anchor.Value] = node;
    }

    private static YamlException Truncated(Mark at) => new(at, at, "the YAML ends in the middle of a list or mapping");

    private static LinePosition Position(Mark mark) => new((int)Math.Max(mark.Line - 1, 0), (int)Math.Max(mark.Column - 1, 0));

    private static LinePositionSpan Span(Mark start, Mark end) => new(Position(start), Position(end));

    /// <summary>YamlDotNet's messages start with "(Line: 3, Col: 5, Idx: 20) - (...): "; the diagnostic has the position already.</summary>
    private static string Clean(string message)
    {
        var cut = message.LastIndexOf("): ", StringComparison.Ordinal);
        var text = message.StartsWith('(') && cut > 0 ? message[(cut + 3)..] : message;
        return text.Length > 0 ? char.ToLowerInvariant(text[0]) + text[1..].TrimEnd('.') : "invalid YAML";
    }
}
