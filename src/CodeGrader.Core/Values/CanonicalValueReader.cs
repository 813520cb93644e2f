using System.Collections.Immutable;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace CodeGrader.Core.Values;

/// <summary>
/// Reads canonical JSON (docs/protocol.md) into <see cref="PyValue"/> straight from its tokens, rejecting anything
/// malformed: no copy of the bytes and no token table beside them, which for an answer of a million floats is 20 MB
/// less per read. A node's <c>"t"</c> comes before its payload (<c>"sub"</c> may come before or after), as every writer
/// (the worker's harness, <c>CanonicalJson</c>) puts them.
/// </summary>
internal static class CanonicalValueReader
{
    /// <summary>JSON nesting allowed when parsing worker answers: the worker caps Python nesting at 100 levels (3 JSON levels each).</summary>
    public const int MaxJsonDepth = 400;

    /// <summary>The value of an element of a parsed document, read from its own bytes.</summary>
    public static PyValue Read(JsonElement node) => Parse(JsonMarshal.GetRawUtf8Value(node));

    public static PyValue Parse(string json) => Parse(Encoding.UTF8.GetBytes(json));

    /// <summary>The value <paramref name="json"/> holds, the whole of it.</summary>
    public static PyValue Parse(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = MaxJsonDepth });
        if (!reader.Read()) throw new FormatException("no value");
        var value = Read(ref reader);
        if (reader.Read()) throw new FormatException("more after the value");
        return value;
    }

    /// <summary>The value starting at the reader's current token; leaves the reader on its last token.</summary>
    public static PyValue Read(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.True => PyBool.True,
        JsonTokenType.False => PyBool.False,
        JsonTokenType.Number => reader.TryGetInt64(out var integer) ? new PyInt(integer) : new PyFloat(reader.GetDouble()),
        JsonTokenType.String => new PyStr(reader.GetString() ?? ""),
        JsonTokenType.StartObject => Node(ref reader),
        var other => throw new FormatException($"a canonical value cannot start with {other}"),
    };

    private static PyValue Node(ref Utf8JsonReader reader)
    {
        string? tag = null, subclass = null;
        PyValue? value = null;
        // Payload fields, by tag.
        string? type = null, reason = null;
        long? handle = null;
        ImmutableArray<string> methods = [];
        byte[]? doubles = null;
        ImmutableArray<int> ints = [];
        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("t"u8))
            {
                Expect(ref reader, JsonTokenType.String);
                tag = reader.GetString();
                continue;
            }
            if (reader.ValueTextEquals("sub"u8))
            {
                Expect(ref reader, JsonTokenType.String);
                subclass = reader.GetString();
                continue;
            }
            if (tag is null) throw new FormatException("a canonical node's \"t\" must come before its payload");
            var name = reader.GetString();
            Next(ref reader);
            switch (tag, name)
            {
                case ("bool", "v"): value = new PyBool(reader.GetBoolean()); break;
                case ("int", "v"): value = new PyInt(reader.GetInt64()); break;
                case ("int", "x"): value = new PyInt(FromHex(reader.GetString())); break;
                case ("float", "v"): value = new PyFloat(Float(ref reader)); break;
                case ("complex", "re"): value = new PyComplex(Float(ref reader), (value as PyComplex)?.Imaginary ?? 0); break;
                case ("complex", "im"): value = new PyComplex((value as PyComplex)?.Real ?? 0, Float(ref reader)); break;
                case ("str", "v"): value = new PyStr(reader.GetString() ?? ""); break;
                case ("str", "cp"): value = new PyStr(CodePoints(ref reader)); break;
                case ("bytes", "hex"): value = new PyBytes([.. Convert.FromHexString(reader.GetString() ?? "")]); break;
                case ("bytearray", "hex"): value = new PyBytes([.. Convert.FromHexString(reader.GetString() ?? "")], IsByteArray: true); break;
                case ("list", "v"): value = new PySequence(SequenceKind.List, Items(ref reader)); break;
                case ("tuple", "v"): value = new PySequence(SequenceKind.Tuple, Items(ref reader)); break;
                case ("list" or "tuple", "f64"): doubles = Base64(ref reader); break;
                case ("list" or "tuple", "ints"): ints = Positions(ref reader); break;
                case ("set", "v"): value = new PySet(false, Items(ref reader)); break;
                case ("frozenset", "v"): value = new PySet(true, Items(ref reader)); break;
                case ("dict", "v"): value = new PyDict(Pairs(ref reader)); break;
                case (_, "type"): type = reader.GetString(); break;
                case (_, "reason"): reason = reader.GetString(); break;
                case (_, "handle"): handle = reader.GetInt64(); break;
                case (_, "methods"): methods = Strings(ref reader); break;
                default: reader.Skip(); break; // a field this reader has no use for is passed over
            }
        }
        if (doubles is not null)
        {
            if (value is not null) throw new FormatException($"a '{tag}' node with both \"v\" and \"f64\"");
            if (doubles.Length % 8 != 0) throw new FormatException("an \"f64\" run whose length is not a whole number of doubles");
            if (!ints.IsEmpty && ints[^1] >= doubles.Length / 8) throw new FormatException("an \"f64\" run's \"ints\" name a position past its end");
            value = new PySequence(tag == "list" ? SequenceKind.List : SequenceKind.Tuple, F64Items(doubles, ints, doubles.Length / 8));
        }
        else if (!ints.IsEmpty) throw new FormatException($"a '{tag}' node with \"ints\" but no \"f64\"");
        value = tag switch
        {
            "none" => PyNone.Instance,
            "cycle" => new PyCycle(),
            "object" => handle is { } h
                ? new PyOpaque(type ?? "object", false) { Handle = h, Methods = methods }
                : new PyOpaque(type ?? "object", false),
            "iterator" => new PyOpaque(type ?? "iterator", true),
            "too_large" => new PyTooLarge(type ?? "object", reason ?? ""),
            null => throw new FormatException("a canonical node must have a string \"t\""),
            "bool" or "int" or "float" or "complex" or "str" or "bytes" or "bytearray" or "list" or "tuple" or "set" or "frozenset" or "dict" =>
                value ?? throw new FormatException($"a '{tag}' node without its value"),
            var other => throw new FormatException($"unknown canonical type tag '{other}'"),
        };
        return subclass is null ? value : value with { Subclass = subclass };
    }

    private static ImmutableArray<PyValue> Items(ref Utf8JsonReader reader)
    {
        Check(ref reader, JsonTokenType.StartArray);
        var items = ImmutableArray.CreateBuilder<PyValue>();
        while (Next(ref reader) != JsonTokenType.EndArray) items.Add(Read(ref reader));
        return items.DrainToImmutable();
    }

    private static ImmutableArray<KeyValuePair<PyValue, PyValue>> Pairs(ref Utf8JsonReader reader)
    {
        Check(ref reader, JsonTokenType.StartArray);
        var pairs = ImmutableArray.CreateBuilder<KeyValuePair<PyValue, PyValue>>();
        while (Next(ref reader) != JsonTokenType.EndArray) pairs.Add(Pair(ref reader));
        return pairs.DrainToImmutable();
    }

    /// <summary>A dict item, <c>[key, value]</c>, starting at the reader's current token; leaves the reader on its last token.</summary>
    public static KeyValuePair<PyValue, PyValue> Pair(ref Utf8JsonReader reader)
    {
        Check(ref reader, JsonTokenType.StartArray);
        Next(ref reader);
        var key = Read(ref reader);
        Next(ref reader);
        var value = Read(ref reader);
        if (Next(ref reader) != JsonTokenType.EndArray) throw new FormatException("a dict item must be a [key, value] pair");
        return new(key, value);
    }

    /// <summary>
    /// The first <paramref name="take"/> items of an <c>f64</c> run (docs/protocol.md): <paramref name="doubles"/> holds
    /// at least that many little-endian doubles, and the item at each of <paramref name="ints"/> (ascending) is an int.
    /// </summary>
    internal static ImmutableArray<PyValue> F64Items(ReadOnlySpan<byte> doubles, ImmutableArray<int> ints, int take)
    {
        var items = new PyValue[take];
        var next = 0;
        for (var i = 0; i < take; i++)
        {
            var number = System.Buffers.Binary.BinaryPrimitives.ReadDoubleLittleEndian(doubles[(i * 8)..]);
            if (next < ints.Length && ints[next] == i)
            {
                if (Math.Abs(number) > F64ExactInts || number != Math.Floor(number)) throw new FormatException($"item {i} of an \"f64\" run is marked an int but is {number}");
                items[i] = new PyInt((long)number);
                next++;
            }
            else
            {
                items[i] = new PyFloat(number);
            }
        }
        return ImmutableCollectionsMarshal.AsImmutableArray(items);
    }

    /// <summary>Ints an <c>f64</c> run may carry: those a double holds exactly.</summary>
    private const double F64ExactInts = 9007199254740992; // 2^53

    /// <summary>A base64 string's bytes, decoded from the token itself when it has no escapes.</summary>
    internal static byte[] Base64(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String) throw new FormatException($"expected base64 text, found {reader.TokenType}");
        if (reader.ValueIsEscaped) return Convert.FromBase64String(reader.GetString()!);
        var text = reader.ValueSpan;
        var bytes = new byte[Base64Length(text)];
        if (System.Buffers.Text.Base64.DecodeFromUtf8(text, bytes, out _, out var written) != System.Buffers.OperationStatus.Done || written != bytes.Length)
            throw new FormatException("an \"f64\" run that is not base64");
        return bytes;
    }

    /// <summary>How many bytes valid base64 of this text holds (its length and padding say it).</summary>
    internal static int Base64Length(ReadOnlySpan<byte> base64)
    {
        var padding = base64.EndsWith("=="u8) ? 2 : base64.EndsWith("="u8) ? 1 : 0;
        return Math.Max(0, base64.Length / 4 * 3 - padding);
    }

    /// <summary>An <c>f64</c> run's <c>ints</c>: ascending positions.</summary>
    internal static ImmutableArray<int> Positions(ref Utf8JsonReader reader)
    {
        Check(ref reader, JsonTokenType.StartArray);
        var positions = ImmutableArray.CreateBuilder<int>();
        while (Next(ref reader) != JsonTokenType.EndArray)
        {
            var position = reader.GetInt32();
            if (position < 0 || (positions.Count > 0 && position <= positions[^1])) throw new FormatException("an \"f64\" run's \"ints\" must be ascending positions of its items");
            positions.Add(position);
        }
        return positions.DrainToImmutable();
    }

    private static ImmutableArray<string> Strings(ref Utf8JsonReader reader)
    {
        Check(ref reader, JsonTokenType.StartArray);
        var strings = ImmutableArray.CreateBuilder<string>();
        while (Next(ref reader) != JsonTokenType.EndArray) strings.Add(reader.GetString() ?? "");
        return strings.DrainToImmutable();
    }

    private static string CodePoints(ref Utf8JsonReader reader)
    {
        Check(ref reader, JsonTokenType.StartArray);
        var text = new StringBuilder();
        while (Next(ref reader) != JsonTokenType.EndArray) AppendCodePoint(text, reader.GetInt32());
        return text.ToString();
    }

    private static double Float(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.Number ? reader.GetDouble() : FloatFromText(reader.GetString());

    private static JsonTokenType Next(ref Utf8JsonReader reader)
    {
        if (!reader.Read()) throw new FormatException("the value is cut short");
        return reader.TokenType;
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type)
    {
        if (Next(ref reader) != type) throw new FormatException($"expected {type}, found {reader.TokenType}");
    }

    private static void Check(ref Utf8JsonReader reader, JsonTokenType type)
    {
        if (reader.TokenType != type) throw new FormatException($"expected {type}, found {reader.TokenType}");
    }
    /// <summary>An int written in hex (<c>"x"</c>), read in linear time.</summary>
    internal static BigInteger FromHex(string? hex)
    {
        if (hex is null) throw new FormatException("int without a value");
        var negative = hex.StartsWith('-');
        var digits = negative ? hex.AsSpan(1) : hex.AsSpan();
        if (digits.IsEmpty) throw new FormatException("int without digits");
        // Through bytes: linear in the length (BigInteger.Parse of hex is slower, decimal quadratic).
        var bytes = digits.Length % 2 == 0 ? Convert.FromHexString(digits) : Convert.FromHexString(string.Concat("0", digits));
        var magnitude = new BigInteger(bytes, isUnsigned: true, isBigEndian: true);
        return negative ? -magnitude : magnitude;
    }

    /// <summary>A float written as a string: <c>"nan"</c>, <c>"inf"</c>, <c>"-inf"</c> or round-trip text.</summary>
    internal static double FloatFromText(string? written)
    {
        return written switch
        {
            "nan" => double.NaN,
            "inf" => double.PositiveInfinity,
            "-inf" => double.NegativeInfinity,
            // A round-trip string, as the disk cache of expected values once kept floats.
            var text when double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var parsed) => parsed,
            var other => throw new FormatException($"'{other}' is not a float"),
        };
    }

    /// <summary>Appends one code point of a <c>"cp"</c> string; a surrogate stands alone, as in Python.</summary>
    internal static void AppendCodePoint(StringBuilder builder, int code)
    {
        if (code is >= 0xD800 and <= 0xDFFF) builder.Append((char)code);
        else builder.Append(char.ConvertFromUtf32(code));
    }
}
