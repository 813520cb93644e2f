using System.Collections.Immutable;
using System.Numerics;
using System.Text;
using System.Text.Json;

namespace CodeGrader.Core.Values;

/// <summary>Reads the worker's canonical JSON (docs/protocol.md) into <see cref="PyValue"/>; rejects anything malformed.</summary>
internal static class CanonicalValueReader
{
    /// <summary>JSON nesting allowed when parsing worker answers: the worker caps Python nesting at 100 levels (3 JSON levels each).</summary>
    public const int MaxJsonDepth = 400;

    public static PyValue Read(JsonElement node)
    {
        switch (node.ValueKind)
        {
            // Bare scalars (docs/protocol.md): a bool, an int in int64, a finite float (a number with a fraction or an
            // exponent: the writers never write a bare int outside int64), a string.
            case JsonValueKind.True: return PyBool.True;
            case JsonValueKind.False: return PyBool.False;
            case JsonValueKind.Number: return node.TryGetInt64(out var integer) ? new PyInt(integer) : new PyFloat(node.GetDouble());
            case JsonValueKind.String: return new PyStr(node.GetString() ?? "");
        }
        if (node.ValueKind != JsonValueKind.Object || !node.TryGetProperty("t", out var tag) || tag.ValueKind != JsonValueKind.String)
            throw new FormatException("a canonical value must be a bool, a number, a string or an object with a string \"t\"");
        PyValue value = tag.GetString() switch
        {
            "none" => PyNone.Instance,
            "bool" => new PyBool(node.GetProperty("v").GetBoolean()),
            "int" => new PyInt(ReadInt(node)),
            "float" => new PyFloat(ReadFloat(node.GetProperty("v"))),
            "complex" => new PyComplex(ReadFloat(node.GetProperty("re")), ReadFloat(node.GetProperty("im"))),
            "str" => new PyStr(ReadStr(node)),
            "bytes" => new PyBytes([.. Convert.FromHexString(node.GetProperty("hex").GetString() ?? "")]),
            "bytearray" => new PyBytes([.. Convert.FromHexString(node.GetProperty("hex").GetString() ?? "")], IsByteArray: true),
            "list" => new PySequence(SequenceKind.List, Items(node)),
            "tuple" => new PySequence(SequenceKind.Tuple, Items(node)),
            "set" => new PySet(false, Items(node)),
            "frozenset" => new PySet(true, Items(node)),
            "dict" => new PyDict(Pairs(node)),
            "cycle" => new PyCycle(),
            "object" => Opaque(node),
            "iterator" => new PyOpaque(node.GetProperty("type").GetString() ?? "iterator", true),
            "too_large" => new PyTooLarge(node.GetProperty("type").GetString() ?? "object", node.GetProperty("reason").GetString() ?? ""),
            var other => throw new FormatException($"unknown canonical type tag '{other}'"),
        };
        if (node.TryGetProperty("sub", out var sub) && sub.ValueKind == JsonValueKind.String)
            value = value with { Subclass = sub.GetString() };
        return value;
    }

    private static PyOpaque Opaque(JsonElement node)
    {
        var opaque = new PyOpaque(node.GetProperty("type").GetString() ?? "object", false);
        if (!node.TryGetProperty("handle", out var handle)) return opaque;
        var methods = node.TryGetProperty("methods", out var m) ? m.EnumerateArray().Select(e => e.GetString() ?? "").ToImmutableArray() : [];
        return opaque with { Handle = handle.GetInt64(), Methods = methods };
    }

    public static PyValue Parse(string json)
    {
        using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = MaxJsonDepth });
        return Read(document.RootElement);
    }

    private static BigInteger ReadInt(JsonElement node)
    {
        if (node.TryGetProperty("v", out var small)) return new BigInteger(small.GetInt64());
        return FromHex(node.GetProperty("x").GetString());
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

    private static double ReadFloat(JsonElement node)
    {
        if (node.ValueKind == JsonValueKind.Number) return node.GetDouble();
        if (node.ValueKind == JsonValueKind.Object) return ReadFloat(node.GetProperty("v"));
        return FloatFromText(node.GetString());
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

    private static string ReadStr(JsonElement node)
    {
        if (node.TryGetProperty("v", out var text)) return text.GetString() ?? "";
        var builder = new StringBuilder();
        foreach (var point in node.GetProperty("cp").EnumerateArray()) AppendCodePoint(builder, point.GetInt32());
        return builder.ToString();
    }

    /// <summary>Appends one code point of a <c>"cp"</c> string; a surrogate stands alone, as in Python.</summary>
    internal static void AppendCodePoint(StringBuilder builder, int code)
    {
        if (code is >= 0xD800 and <= 0xDFFF) builder.Append((char)code);
        else builder.Append(char.ConvertFromUtf32(code));
    }

    private static ImmutableArray<PyValue> Items(JsonElement node)
    {
        var items = node.GetProperty("v");
        var builder = ImmutableArray.CreateBuilder<PyValue>(items.GetArrayLength());
        foreach (var item in items.EnumerateArray()) builder.Add(Read(item));
        return builder.MoveToImmutable();
    }

    private static ImmutableArray<KeyValuePair<PyValue, PyValue>> Pairs(JsonElement node)
    {
        var items = node.GetProperty("v");
        var builder = ImmutableArray.CreateBuilder<KeyValuePair<PyValue, PyValue>>(items.GetArrayLength());
        foreach (var pair in items.EnumerateArray())
        {
            if (pair.GetArrayLength() != 2) throw new FormatException("a dict item must be a [key, value] pair");
            builder.Add(new(Read(pair[0]), Read(pair[1])));
        }
        return builder.MoveToImmutable();
    }
}
