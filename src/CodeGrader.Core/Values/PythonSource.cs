using System.Globalization;
using System.Text;

namespace CodeGrader.Core.Values;

/// <summary>
/// Writes a value as Python source that evaluates back to an equal plain value, for trusted workers (the checker):
/// every non-ASCII or unprintable character escaped, NaN and infinities as <c>float('nan')</c>, a subclass value
/// as its base type. Values with no plain form (objects, iterators, cycles, values over the limits) give null.
/// </summary>
internal static class PythonSource
{
    public static string? TryWrite(PyValue value)
    {
        var builder = new StringBuilder();
        return Append(builder, value) ? builder.ToString() : null;
    }

    /// <summary>A str literal for any .NET string (lone surrogates kept as \u escapes).</summary>
    public static string Str(string value)
    {
        var builder = new StringBuilder();
        AppendStr(builder, value);
        return builder.ToString();
    }

    /// <summary>The first part of the value that has no plain form, described, or null when all of it is plain.</summary>
    public static string? NotPlain(PyValue value) => value switch
    {
        PyOpaque { IsIterator: true } x => $"an unconsumed iterator ({x.Type})",
        PyOpaque x => $"an object of type {x.Type}",
        PyCycle => "a container that contains itself",
        PyTooLarge x => $"a {x.Type} over the size limits ({x.Reason})",
        PySequence x => x.Items.Select(NotPlain).FirstOrDefault(p => p is not null),
        PySet x => x.Items.Select(NotPlain).FirstOrDefault(p => p is not null),
        PyDict x => x.Items.Select(p => NotPlain(p.Key) ?? NotPlain(p.Value)).FirstOrDefault(p => p is not null),
        _ => null,
    };

    private static bool Append(StringBuilder b, PyValue value)
    {
        switch (value)
        {
            case PyNone: b.Append("None"); return true;
            case PyBool x: b.Append(x.Value ? "True" : "False"); return true;
            case PyInt x: Int(b, x.Value); return true;
            case PyFloat x: b.Append(Float(x.Value)); return true;
            case PyComplex x: b.Append("complex(").Append(Float(x.Real)).Append(", ").Append(Float(x.Imaginary)).Append(')'); return true;
            case PyStr x: AppendStr(b, x.Value); return true;
            case PyBytes x:
                if (x.IsByteArray) b.Append("bytearray(");
                b.Append("b'");
                foreach (var c in x.Value)
                {
                    if (c is >= 0x20 and < 0x7f && c != '\\' && c != '\'') b.Append((char)c);
                    else b.Append(CultureInfo.InvariantCulture, $"\\x{c:x2}");
                }
                b.Append('\'');
                if (x.IsByteArray) b.Append(')');
                return true;
            case PySequence x:
                var tuple = x.Kind == SequenceKind.Tuple;
                b.Append(tuple ? '(' : '[');
                if (!Items(b, x.Items)) return false;
                if (tuple && x.Items.Length == 1) b.Append(',');
                b.Append(tuple ? ')' : ']');
                return true;
            case PySet x:
                b.Append(x.IsFrozen ? "frozenset(" : "set(");
                if (x.Items.Length > 0)
                {
                    b.Append('[');
                    if (!Items(b, x.Items)) return false;
                    b.Append(']');
                }
                b.Append(')');
                return true;
            case PyDict x:
                b.Append('{');
                for (var i = 0; i < x.Items.Length; i++)
                {
                    if (i > 0) b.Append(", ");
                    if (!Append(b, x.Items[i].Key)) return false;
                    b.Append(": ");
                    if (!Append(b, x.Items[i].Value)) return false;
                }
                b.Append('}');
                return true;
            default:
                return false;
        }
    }

    private static bool Items(StringBuilder b, IReadOnlyList<PyValue> items)
    {
        for (var i = 0; i < items.Count; i++)
        {
            if (i > 0) b.Append(", ");
            if (!Append(b, items[i])) return false;
        }
        return true;
    }

    /// <summary>Big ints in hex: linear to write and to read back (decimal is quadratic, and capped by int_max_str_digits).</summary>
    private static void Int(StringBuilder b, System.Numerics.BigInteger value)
    {
        if (value >= long.MinValue && value <= long.MaxValue)
        {
            b.Append('(').Append(value.ToString(CultureInfo.InvariantCulture)).Append(')');
            return;
        }
        b.Append(value.Sign < 0 ? "(-0x" : "(0x");
        var bytes = System.Numerics.BigInteger.Abs(value).ToByteArray(isUnsigned: true, isBigEndian: true);
        b.Append(Convert.ToHexStringLower(bytes)).Append(')');
    }

    private static string Float(double value) => value switch
    {
        double.NaN => "float('nan')",
        double.PositiveInfinity => "float('inf')",
        double.NegativeInfinity => "float('-inf')",
        _ => "(" + PythonLiteral.Float(value) + ")",
    };

    private static void AppendStr(StringBuilder b, string value)
    {
        b.Append('\'');
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c is >= ' ' and < '\x7f' && c != '\\' && c != '\'')
            {
                b.Append(c);
            }
            else if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                b.Append(CultureInfo.InvariantCulture, $"\\U{char.ConvertToUtf32(c, value[i + 1]):x8}");
                i++;
            }
            else
            {
                if (c <= 0xff) b.Append(CultureInfo.InvariantCulture, $"\\x{(int)c:x2}");
                else b.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            }
        }
        b.Append('\'');
    }
}
