using System.Collections.Immutable;
using System.Numerics;
using CodeGrader.Core.Values;

namespace CodeGrader.Core.Tests.Comparison;

/// <summary>Short constructors for canonical values.</summary>
internal static class V
{
    public static PyValue None => PyNone.Instance;
    public static PyValue Bool(bool value) => new PyBool(value);
    public static PyValue Int(long value) => new PyInt(new BigInteger(value));
    public static PyValue Float(double value) => new PyFloat(value);
    public static PyValue Str(string value) => new PyStr(value);
    public static PyValue List(params PyValue[] items) => new PySequence(SequenceKind.List, [.. items]);
    public static PyValue Tuple(params PyValue[] items) => new PySequence(SequenceKind.Tuple, [.. items]);
    public static PyValue Set(params PyValue[] items) => new PySet(false, [.. items]);
    public static PyValue FrozenSet(params PyValue[] items) => new PySet(true, [.. items]);

    public static PyValue Dict(params (PyValue Key, PyValue Value)[] pairs) =>
        new PyDict([.. pairs.Select(p => new KeyValuePair<PyValue, PyValue>(p.Key, p.Value))]);

    public static PyValue Sub(PyValue value, string subclass) => value with { Subclass = subclass };

    public static ImmutableArray<PyValue> Many(int count, Func<int, PyValue> make) => [.. Enumerable.Range(0, count).Select(make)];
}
