using System.Globalization;
using System.Numerics;
using System.Text;

namespace CodeGrader.Core.Values;

/// <summary>
/// Formats a value the way Python's <c>repr</c> would, cut to a length people can read. Costs in proportion to what is
/// kept, never to the value's size: long texts are read only up to the cut, an int too long to show whole is described
/// ("an int of 1,000,000 digits: 18000…000") without writing its decimal digits, and a cut value says how big it is.
/// </summary>
public static class PythonLiteral
{
    public const int DefaultMaxLength = 2000;

    /// <summary>Ints with more bits than this (about 1,000 decimal digits) are described, not written out.</summary>
    public const int MaxShownIntBits = 3300;

    public static string Format(PyValue value, int maxLength = DefaultMaxLength) => Format(value, null, maxLength);

    /// <summary>
    /// As <see cref="Format(PyValue, int)"/> for a container of which <paramref name="first"/> holds the first items of
    /// <paramref name="count"/>, or a str that is the first characters of one of <paramref name="count"/>: enough of them
    /// to pass <paramref name="maxLength"/> (or all), so what is shown is the whole value's text, cut, and its size is the
    /// whole value's.
    /// </summary>
    internal static string FormatFirstItems(PyValue first, long count, int maxLength = DefaultMaxLength) => Format(first, count, maxLength);

    private static string Format(PyValue value, long? count, int maxLength)
    {
        var builder = new StringBuilder();
        Append(builder, value, maxLength);
        if (builder.Length > maxLength)
        {
            builder.Length = maxLength;
            builder.Append("... [").Append(count is { } items ? ItemsSize(value, items) : Size(value)).Append(']');
        }
        return builder.ToString();
    }

    /// <summary>How big a value is, in words: "a list of 1,000,000 items", "a str of 20,000 characters", "an int of 1,000 digits".</summary>
    public static string Size(PyValue value) => value switch
    {
        PyStr x => ItemsSize(x, x.Value.Length),
        PyBytes x => $"{Article(x)} of {Count(x.Value.Length)} bytes",
        PyInt x => $"an int of {IntDigits.Describe(x.Value).Digits}",
        PySequence x => ItemsSize(x, x.Items.Length),
        PySet x => ItemsSize(x, x.Items.Length),
        PyDict x => ItemsSize(x, x.Items.Length),
        _ => $"{Article(value)}",
    };

    private static string ItemsSize(PyValue container, long count) => container is PyStr
        ? $"{Article(container)} of {Count(count)} characters"
        : $"{Article(container)} of {Count(count)} item{(count == 1 ? "" : "s")}";

    private static string Article(PyValue value)
    {
        var name = value.Subclass ?? value.TypeName;
        return ("aeiou".Contains(char.ToLowerInvariant(name[0]), StringComparison.Ordinal) ? "an " : "a ") + name;
    }

    private static string Count(long count) => count.ToString("N0", CultureInfo.InvariantCulture);

    private static void Append(StringBuilder b, PyValue value, int budget)
    {
        if (b.Length > budget) return;
        if (value.Subclass is { } sub) b.Append(sub).Append('(');
        switch (value)
        {
            case PyNone: b.Append("None"); break;
            case PyBool x: b.Append(x.Value ? "True" : "False"); break;
            case PyInt x: Int(b, x.Value); break;
            case PyFloat x: b.Append(Float(x.Value)); break;
            case PyComplex x: b.Append(Complex(x.Real, x.Imaginary)); break;
            case PyStr x: Str(b, x.Value, budget); break;
            case PyBytes x: Bytes(b, x, budget); break;
            case PySequence { Kind: SequenceKind.List } x: Items(b, "[", x.Items, "]", budget); break;
            case PySequence x: Items(b, "(", x.Items, x.Items.Length == 1 ? ",)" : ")", budget); break;
            case PySet { Items.Length: 0 } x: b.Append(x.IsFrozen ? "frozenset()" : "set()"); break;
            case PySet x:
                if (x.IsFrozen) b.Append("frozenset(");
                Items(b, "{", x.Items, "}", budget);
                if (x.IsFrozen) b.Append(')');
                break;
            case PyDict x:
                b.Append('{');
                for (var i = 0; i < x.Items.Length && b.Length <= budget; i++)
                {
                    if (i > 0) b.Append(", ");
                    Append(b, x.Items[i].Key, budget);
                    b.Append(": ");
                    Append(b, x.Items[i].Value, budget);
                }
                b.Append('}');
                break;
            case PyCycle: b.Append("[...]"); break;
            case PyOpaque { IsIterator: true } x: b.Append('<').Append(x.Type).Append(" object (an iterator, not consumed)>"); break;
            case PyOpaque x: b.Append('<').Append(x.Type).Append(" object>"); break;
            case PyTooLarge x: b.Append('<').Append(x.Type).Append(" too large to show: ").Append(x.Reason).Append('>'); break;
            default: b.Append('<').Append(value.TypeName).Append('>'); break;
        }
        if (value.Subclass is not null) b.Append(')');
    }

    /// <summary>An int in decimal, or, past <see cref="MaxShownIntBits"/>, its size with its first and last digits.</summary>
    private static void Int(StringBuilder b, BigInteger value)
    {
        if (value.GetBitLength() <= MaxShownIntBits)
        {
            b.Append(value.ToString(CultureInfo.InvariantCulture));
            return;
        }
        var (digits, first, last) = IntDigits.Describe(value);
        b.Append('<').Append(value.Sign < 0 ? "a negative int of " : "an int of ").Append(digits).Append(": ")
            .Append(value.Sign < 0 ? "-" : "").Append(first).Append('…').Append(last).Append('>');
    }

    private static void Items(StringBuilder b, string open, IReadOnlyList<PyValue> items, string close, int budget)
    {
        b.Append(open);
        for (var i = 0; i < items.Count && b.Length <= budget; i++)
        {
            if (i > 0) b.Append(", ");
            Append(b, items[i], budget);
        }
        b.Append(close);
    }

    /// <summary>Python's float repr: shortest round-trip digits, scientific below 1e-4 and from 1e16.</summary>
    public static string Float(double value)
    {
        if (double.IsNaN(value)) return "nan";
        if (double.IsPositiveInfinity(value)) return "inf";
        if (double.IsNegativeInfinity(value)) return "-inf";
        if (value == 0) return double.IsNegative(value) ? "-0.0" : "0.0";
        var shortest = value.ToString("R", CultureInfo.InvariantCulture);
        // Digits and exponent from the shortest round-trip form.
        var negative = shortest.StartsWith('-');
        var body = negative ? shortest[1..] : shortest;
        var exponent = 0;
        var e = body.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            exponent = int.Parse(body[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            body = body[..e];
        }
        var dot = body.IndexOf('.');
        var digits = dot >= 0 ? body.Remove(dot, 1) : body;
        var pointAt = (dot >= 0 ? dot : body.Length) + exponent; // decimal point position in digits
        var trimmed = digits.TrimStart('0');
        pointAt -= digits.Length - trimmed.Length;
        digits = trimmed.TrimEnd('0');
        if (digits.Length == 0) digits = "0";
        var decimalExponent = pointAt - 1;
        string result;
        if (decimalExponent < -4 || decimalExponent >= 16)
        {
            var mantissa = digits.Length == 1 ? digits : digits[0] + "." + digits[1..];
            result = mantissa + "e" + (decimalExponent < 0 ? "-" : "+") + Math.Abs(decimalExponent).ToString("00", CultureInfo.InvariantCulture);
        }
        else if (pointAt <= 0)
        {
            result = "0." + new string('0', -pointAt) + digits;
        }
        else if (pointAt >= digits.Length)
        {
            result = digits + new string('0', pointAt - digits.Length) + ".0";
        }
        else
        {
            result = digits[..pointAt] + "." + digits[pointAt..];
        }
        return negative ? "-" + result : result;
    }

    private static string Complex(double real, double imaginary)
    {
        var imag = FloatForComplex(imaginary) + "j";
        if (real == 0 && !double.IsNegative(real)) return imag;
        var sign = imaginary >= 0 || double.IsNaN(imaginary) ? "+" : "";
        return "(" + FloatForComplex(real) + sign + imag + ")";
    }

    private static string FloatForComplex(double value)
    {
        var text = Float(value);
        return text.EndsWith(".0", StringComparison.Ordinal) ? text[..^2] : text;
    }

    /// <summary>A str literal, read only as far as <paramref name="budget"/> (the quote is chosen from that part).</summary>
    private static void Str(StringBuilder b, string value, int budget)
    {
        var end = Math.Min(value.Length, Math.Max(0, budget - b.Length) + 2);
        var shown = value.AsSpan(0, end);
        var quote = shown.Contains('\'') && !shown.Contains('"') ? '"' : '\'';
        b.Append(quote);
        for (var i = 0; i < end; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '\\': b.Append("\\\\"); break;
                case '\n': b.Append("\\n"); break;
                case '\r': b.Append("\\r"); break;
                case '\t': b.Append("\\t"); break;
                default:
                    if (c == quote) b.Append('\\').Append(c);
                    else if (char.IsSurrogate(c) && !(char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1])))
                        b.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
                    else if (char.IsHighSurrogate(c)) { b.Append(c).Append(value[++i]); }
                    else if (c < 0x20 || c == 0x7f) b.Append(CultureInfo.InvariantCulture, $"\\x{(int)c:x2}");
                    else if (c is >= '\u0080' and < '\u00a0') b.Append(CultureInfo.InvariantCulture, $"\\x{(int)c:x2}");
                    else b.Append(c);
                    break;
            }
        }
        b.Append(quote);
    }

    private static void Bytes(StringBuilder b, PyBytes value, int budget)
    {
        if (value.IsByteArray) b.Append("bytearray(");
        var shown = value.Value.AsSpan(0, Math.Min(value.Value.Length, Math.Max(0, budget - b.Length) + 2));
        var hasSingle = shown.Contains((byte)'\'');
        var hasDouble = shown.Contains((byte)'"');
        var quote = hasSingle && !hasDouble ? '"' : '\'';
        b.Append('b').Append(quote);
        foreach (var x in shown)
        {
            switch (x)
            {
                case (byte)'\\': b.Append("\\\\"); break;
                case (byte)'\n': b.Append("\\n"); break;
                case (byte)'\r': b.Append("\\r"); break;
                case (byte)'\t': b.Append("\\t"); break;
                default:
                    if (x == quote) b.Append('\\').Append((char)x);
                    else if (x is < 0x20 or >= 0x7f) b.Append(CultureInfo.InvariantCulture, $"\\x{x:x2}");
                    else b.Append((char)x);
                    break;
            }
        }
        b.Append(quote);
        if (value.IsByteArray) b.Append(')');
    }

}
