using System.Globalization;
using System.Numerics;
using System.Text.Json;
using CodeGrader.Core.Values;

namespace CodeGrader.Core.InHost;

/// <summary>
/// A canonical value written back as the canonical JSON python_tests.py rebuilds plain values from (and the disk cache
/// of expected values keeps): bools, ints in int64, finite floats (round-trip, with a fraction or an exponent) and
/// strings bare; other ints in hex (<c>"x"</c>), NaN and infinities as strings, strings with lone surrogates as code
/// points. Values with no plain form keep their tag and type name.
/// </summary>
internal static class CanonicalJson
{
    /// <param name="withSubclass">Also write the subclass a value was reduced from (<c>"sub"</c>), as the worker does; for
    /// values read back by <see cref="CanonicalValueReader"/> (python_tests.py rebuilds plain values and has no use for it).</param>
    public static void Write(Utf8JsonWriter writer, PyValue value, bool withSubclass = false)
    {
        if (!(withSubclass && value.Subclass is not null) && TryWriteBare(writer, value)) return;
        writer.WriteStartObject();
        if (withSubclass && value.Subclass is { } subclass) writer.WriteString("sub", subclass);
        switch (value)
        {
            case PyNone:
                writer.WriteString("t", "none");
                break;
            case PyBool x:
                writer.WriteString("t", "bool");
                writer.WriteBoolean("v", x.Value);
                break;
            case PyInt x:
                writer.WriteString("t", "int");
                writer.WriteString("x", Hex(x.Value));
                break;
            case PyFloat x:
                writer.WriteString("t", "float");
                writer.WriteString("v", Float(x.Value));
                break;
            case PyComplex x:
                writer.WriteString("t", "complex");
                writer.WriteString("re", Float(x.Real));
                writer.WriteString("im", Float(x.Imaginary));
                break;
            case PyStr x:
                writer.WriteString("t", "str");
                if (HasLoneSurrogate(x.Value))
                {
                    writer.WriteStartArray("cp");
                    for (var i = 0; i < x.Value.Length; i++)
                    {
                        if (char.IsHighSurrogate(x.Value[i]) && i + 1 < x.Value.Length && char.IsLowSurrogate(x.Value[i + 1]))
                        {
                            writer.WriteNumberValue(char.ConvertToUtf32(x.Value[i], x.Value[i + 1]));
                            i++;
                        }
                        else writer.WriteNumberValue(x.Value[i]);
                    }
                    writer.WriteEndArray();
                }
                else writer.WriteString("v", x.Value);
                break;
            case PyBytes x:
                writer.WriteString("t", x.TypeName);
                writer.WriteString("hex", Convert.ToHexStringLower(x.Value.AsSpan()));
                break;
            case PySequence x:
                writer.WriteString("t", x.TypeName);
                Items(writer, x.Items, withSubclass);
                break;
            case PySet x:
                writer.WriteString("t", x.TypeName);
                Items(writer, x.Items, withSubclass);
                break;
            case PyDict x:
                writer.WriteString("t", "dict");
                writer.WriteStartArray("v");
                foreach (var pair in x.Items)
                {
                    writer.WriteStartArray();
                    Write(writer, pair.Key, withSubclass);
                    Write(writer, pair.Value, withSubclass);
                    writer.WriteEndArray();
                }
                writer.WriteEndArray();
                break;
            case PyCycle:
                writer.WriteString("t", "cycle");
                break;
            case PyOpaque x:
                writer.WriteString("t", x.IsIterator ? "iterator" : "object");
                writer.WriteString("type", x.Type);
                if (x.Handle is { } handle)
                {
                    writer.WriteNumber("handle", handle);
                    writer.WriteStartArray("methods");
                    foreach (var method in x.Methods) writer.WriteStringValue(method);
                    writer.WriteEndArray();
                }
                break;
            case PyTooLarge x:
                writer.WriteString("t", "too_large");
                writer.WriteString("type", x.Type);
                writer.WriteString("reason", x.Reason);
                break;
            default:
                throw new ArgumentException($"no canonical form for {value.GetType().Name}", nameof(value));
        }
        writer.WriteEndObject();
    }

    /// <summary>
    /// A bool, an int in int64, a finite float (always with a fraction or an exponent, so it reads back as a float) or
    /// a string without lone surrogates, written bare as the worker writes them (docs/protocol.md).
    /// </summary>
    private static bool TryWriteBare(Utf8JsonWriter writer, PyValue value)
    {
        switch (value)
        {
            case PyBool x:
                writer.WriteBooleanValue(x.Value);
                return true;
            case PyInt x when x.Value >= long.MinValue && x.Value <= long.MaxValue:
                writer.WriteNumberValue((long)x.Value);
                return true;
            case PyFloat x when double.IsFinite(x.Value):
                var text = Float(x.Value);
                writer.WriteRawValue(text.AsSpan().IndexOfAny('.', 'E', 'e') >= 0 ? text : text + ".0", skipInputValidation: true);
                return true;
            case PyStr x when !HasLoneSurrogate(x.Value):
                writer.WriteStringValue(x.Value);
                return true;
            default:
                return false;
        }
    }

    private static void Items(Utf8JsonWriter writer, IEnumerable<PyValue> items, bool withSubclass)
    {
        writer.WriteStartArray("v");
        foreach (var item in items) Write(writer, item, withSubclass);
        writer.WriteEndArray();
    }

    private static string Hex(BigInteger value) =>
        value.Sign < 0 ? "-" + (-value).ToString("x", CultureInfo.InvariantCulture) : value.ToString("x", CultureInfo.InvariantCulture);

    private static string Float(double value) =>
        double.IsNaN(value) ? "nan" : double.IsPositiveInfinity(value) ? "inf" : double.IsNegativeInfinity(value) ? "-inf"
        : value == 0 && double.IsNegative(value) ? "-0.0" : value.ToString("R", CultureInfo.InvariantCulture);

    private static bool HasLoneSurrogate(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) i++;
            else if (char.IsSurrogate(text[i])) return true;
        }
        return false;
    }
}
