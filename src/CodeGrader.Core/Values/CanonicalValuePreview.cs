using System.Buffers;
using System.Buffers.Text;
using System.Collections.Immutable;
using System.Text;
using System.Text.Json;

namespace CodeGrader.Core.Values;

/// <summary>
/// The text <see cref="PythonLiteral.Format(PyValue, int)"/> would give a value, read from its canonical JSON without
/// building the value: of a list, tuple, set or dict only the items that are shown are read, the rest are counted. A
/// report shows a big answer that equals its expected value (judged from its bytes alone) this way, so an answer of a
/// million floats costs no million objects on the host. Any other value is read whole.
/// </summary>
internal static class CanonicalValuePreview
{
    /// <summary>Throws <see cref="FormatException"/> or <see cref="JsonException"/> for JSON that is not canonical.</summary>
    public static string Format(ReadOnlySpan<byte> json, int maxLength = PythonLiteral.DefaultMaxLength) =>
        FirstItems(json, maxLength) is var (first, count)
            ? PythonLiteral.FormatFirstItems(first, count, maxLength)
            : PythonLiteral.Format(CanonicalValueReader.Parse(json), maxLength);

    /// <summary>
    /// A container with its first items (enough to pass <paramref name="maxLength"/>) and how many it has, or a long str
    /// written bare with its first characters and how many it has; null for any other value.
    /// </summary>
    private static (PyValue First, long Count)? FirstItems(ReadOnlySpan<byte> json, int maxLength)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = CanonicalValueReader.MaxJsonDepth });
        if (!reader.Read()) return null;
        if (reader.TokenType == JsonTokenType.String) return FirstCharacters(reader.ValueIsEscaped ? default : reader.ValueSpan, maxLength);
        if (reader.TokenType != JsonTokenType.StartObject) return null;
        string? tag = null, subclass = null;
        List<PyValue>? items = null;
        List<KeyValuePair<PyValue, PyValue>>? pairs = null;
        long count = 0;
        ReadOnlySpan<byte> doubles = default; // an f64 run's base64 text
        ImmutableArray<int> ints = [];
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("t"u8) || reader.ValueTextEquals("sub"u8))
            {
                var isTag = reader.ValueTextEquals("t"u8);
                if (!reader.Read() || reader.TokenType != JsonTokenType.String) return null;
                if (isTag) tag = reader.GetString();
                else subclass = reader.GetString();
                continue;
            }
            var isItems = reader.ValueTextEquals("v"u8);
            var isDoubles = reader.ValueTextEquals("f64"u8);
            var isInts = reader.ValueTextEquals("ints"u8);
            if (!reader.Read()) return null;
            if (tag is "list" or "tuple" && isDoubles)
            {
                if (reader.TokenType != JsonTokenType.String || reader.ValueIsEscaped) return null;
                doubles = reader.ValueSpan;
                continue;
            }
            if (tag is "list" or "tuple" && isInts)
            {
                ints = CanonicalValueReader.Positions(ref reader);
                continue;
            }
            if (!isItems || tag is not ("list" or "tuple" or "set" or "frozenset" or "dict") || reader.TokenType != JsonTokenType.StartArray)
            {
                if (tag is null) return null;
                reader.Skip();
                continue;
            }
            if (tag == "dict") pairs = [];
            else items = [];
            count = ShownItems(ref reader, items, pairs, maxLength);
        }
        if (!doubles.IsEmpty) return F64FirstItems(tag!, doubles, ints, subclass, maxLength);
        PyValue? first = tag switch
        {
            "list" when items is not null => new PySequence(SequenceKind.List, [.. items]),
            "tuple" when items is not null => new PySequence(SequenceKind.Tuple, [.. items]),
            "set" when items is not null => new PySet(false, [.. items]),
            "frozenset" when items is not null => new PySet(true, [.. items]),
            "dict" when pairs is not null => new PyDict([.. pairs]),
            _ => null,
        };
        if (first is null) return null;
        return (subclass is null ? first : first with { Subclass = subclass }, count);
    }

    /// <summary>
    /// Reads the items of the array the reader is on into <paramref name="items"/> (or the dict items into
    /// <paramref name="pairs"/>) until what they show passes <paramref name="maxLength"/>, and skips the rest; returns how
    /// many there are.
    /// </summary>
    private static long ShownItems(ref Utf8JsonReader reader, List<PyValue>? items, List<KeyValuePair<PyValue, PyValue>>? pairs, int maxLength)
    {
        long count = 0;
        var shown = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            count++;
            if (shown > maxLength)
            {
                reader.Skip();
            }
            else if (pairs is not null)
            {
                var pair = CanonicalValueReader.Pair(ref reader);
                pairs.Add(pair);
                shown += PythonLiteral.Format(pair.Key, maxLength).Length + PythonLiteral.Format(pair.Value, maxLength).Length + 4;
            }
            else
            {
                var item = CanonicalValueReader.Read(ref reader);
                items!.Add(item);
                shown += PythonLiteral.Format(item, maxLength).Length + 2;
            }
        }
        return count;
    }

    /// <summary>
    /// A long str's first characters (a few past <paramref name="maxLength"/>: what the text shows, and its quote
    /// chosen from them) and its length, from its UTF-8 without escapes; null for a short one, or one with escapes.
    /// </summary>
    private static (PyValue First, long Count)? FirstCharacters(ReadOnlySpan<byte> utf8, int maxLength)
    {
        var wanted = maxLength + 4;
        if (utf8.Length <= wanted) return null;
        var count = Encoding.UTF8.GetCharCount(utf8);
        var cut = Math.Min(utf8.Length, wanted * 3); // a UTF-16 char takes at most 3 bytes (a pair, 4)
        while (cut < utf8.Length && (utf8[cut] & 0xC0) == 0x80) cut--; // not inside a character
        var text = Encoding.UTF8.GetString(utf8[..cut]);
        return (new PyStr(text.Length > wanted ? text[..wanted] : text), count);
    }

    /// <summary>The first items of an <c>f64</c> run: only the base64 text they take is decoded.</summary>
    private static (PyValue First, long Count) F64FirstItems(string tag, ReadOnlySpan<byte> base64, ImmutableArray<int> ints, string? subclass,
        int maxLength)
    {
        var count = CanonicalValueReader.Base64Length(base64) / 8;
        var take = (int)Math.Min(count, maxLength + 1L); // each item shows at least one character and a separator
        var text = Math.Min(base64.Length, (take * 8 + 2) / 3 * 4);
        var bytes = new byte[text / 4 * 3];
        var status = Base64.DecodeFromUtf8(base64[..text], bytes, out _, out var written, isFinalBlock: text == base64.Length);
        if (status is not (OperationStatus.Done or OperationStatus.NeedMoreData) || written < take * 8)
        {
            throw new FormatException("an \"f64\" run that is not base64");
        }
        PyValue first = new PySequence(tag == "list" ? SequenceKind.List : SequenceKind.Tuple, CanonicalValueReader.F64Items(bytes, ints, take));
        return (subclass is null ? first : first with { Subclass = subclass }, count);
    }
}
