using System.Globalization;
using System.Text;
using CodeGrader.Core.Values;

namespace CodeGrader.Core.Comparison;

/// <summary>
/// A string that two values share exactly when they are equal under the exact, type-strict rules: used to match
/// dict keys, set elements and (with <c>unordered</c>) multiset items. Dicts and sets are keyed independent of
/// order; -0.0 and 0.0 share a key, and so do all NaNs. A subclass instance shares its base value's key unless
/// <c>exactTypes</c> (<c>types: exact</c>).
/// </summary>
internal static class CanonicalKey
{
    public static string Of(PyValue value, bool unordered = false, bool exactTypes = false)
    {
        var builder = new StringBuilder();
        Append(builder, value, unordered, exactTypes);
        return builder.ToString();
    }

    private static void Append(StringBuilder b, PyValue value, bool unordered, bool exactTypes)
    {
        b.Append(value.TypeName);
        if (exactTypes && value.Subclass is { } sub) b.Append('<').Append(sub).Append('>');
        b.Append(':');
        switch (value)
        {
            case PyNone or PyCycle: break;
            case PyBool x: b.Append(x.Value ? '1' : '0'); break;
            case PyInt x: Int(b, x.Value); break;
            case PyFloat x: b.Append(Float(x.Value)); break;
            case PyComplex x: b.Append(Float(x.Real)).Append(',').Append(Float(x.Imaginary)); break;
            case PyStr x: b.Append(x.Value.Length).Append('"').Append(x.Value); break;
            case PyBytes x: b.Append(Convert.ToHexString(x.Value.AsSpan())); break;
            case PySequence x when unordered: Bag(b, x.Items.Select(i => Of(i, unordered, exactTypes))); break;
            case PySequence x:
                b.Append('[');
                foreach (var item in x.Items)
                {
                    Append(b, item, unordered, exactTypes);
                    b.Append(',');
                }
                b.Append(']');
                break;
            case PySet x: Bag(b, x.Items.Select(i => Of(i, exactTypes: exactTypes))); break;
            case PyDict x: Bag(b, x.Items.Select(p => Of(p.Key, exactTypes: exactTypes) + "=" + Of(p.Value, unordered, exactTypes))); break;
            case PyOpaque x: b.Append("opaque#").Append(x.Type); break;
            case PyTooLarge: b.Append("too-large#").Append(Guid.NewGuid()); break;
        }
    }

    private static void Bag(StringBuilder b, IEnumerable<string> keys)
    {
        b.Append('{');
        foreach (var key in keys.Order(StringComparer.Ordinal))
        {
            b.Append(key.Length).Append('#').Append(key).Append(',');
        }
        b.Append('}');
    }

    /// <summary>Small ints in decimal; big ones as the hex of their bytes (linear, where decimal is quadratic in the length).</summary>
    private static void Int(StringBuilder b, System.Numerics.BigInteger value)
    {
        if (value >= long.MinValue && value <= long.MaxValue) b.Append(((long)value).ToString(CultureInfo.InvariantCulture));
        else b.Append('#').Append(Convert.ToHexString(value.ToByteArray()));
    }

    private static string Float(double value) => double.IsNaN(value) ? "nan" : value == 0 ? "0" : value.ToString("R", CultureInfo.InvariantCulture);
}
