using System.Collections.Immutable;
using System.Numerics;

namespace CodeGrader.Core.Values;

/// <summary>
/// A Python value in canonical form (docs/protocol.md): built by the worker from the object's real type
/// and storage, compared by the host. <see cref="Subclass"/> names a builtin subclass the value was reduced from.
/// </summary>
public abstract record PyValue
{
    /// <summary>The qualified name of the subclass this value was reduced from, or null for an exact builtin.</summary>
    public string? Subclass { get; init; }

    /// <summary>The Python type name shown to people: <c>int</c>, <c>list</c>, <c>generator</c>, ...</summary>
    public abstract string TypeName { get; }

    public override string ToString() => PythonLiteral.Format(this);
}

public sealed record PyNone : PyValue
{
    public static readonly PyNone Instance = new();
    public override string TypeName => "NoneType";
}

public sealed record PyBool(bool Value) : PyValue
{
    internal static readonly PyBool True = new(true);
    internal static readonly PyBool False = new(false);

    public override string TypeName => "bool";
}

public sealed record PyInt(BigInteger Value) : PyValue
{
    public override string TypeName => "int";
}

public sealed record PyFloat(double Value) : PyValue
{
    public override string TypeName => "float";
}

public sealed record PyComplex(double Real, double Imaginary) : PyValue
{
    public override string TypeName => "complex";
}

public sealed record PyStr(string Value) : PyValue
{
    public override string TypeName => "str";
}

public sealed record PyBytes(ImmutableArray<byte> Value, bool IsByteArray = false) : PyValue
{
    public override string TypeName => IsByteArray ? "bytearray" : "bytes";
}

public enum SequenceKind
{
    List,
    Tuple,
}

public sealed record PySequence(SequenceKind Kind, ImmutableArray<PyValue> Items) : PyValue
{
    public override string TypeName => Kind == SequenceKind.List ? "list" : "tuple";
}

public sealed record PySet(bool IsFrozen, ImmutableArray<PyValue> Items) : PyValue
{
    public override string TypeName => IsFrozen ? "frozenset" : "set";
}

public sealed record PyDict(ImmutableArray<KeyValuePair<PyValue, PyValue>> Items) : PyValue
{
    public override string TypeName => "dict";
}

/// <summary>A container met again inside itself.</summary>
public sealed record PyCycle : PyValue
{
    public override string TypeName => "cycle";
}

/// <summary>A value with no canonical form: an instance of a user class, a function, a module, an iterator.</summary>
public sealed record PyOpaque(string Type, bool IsIterator) : PyValue
{
    public override string TypeName => Type;

    /// <summary>With an invoke request (tests.py): the id under which the worker keeps the object for the host's Python tests.</summary>
    public long? Handle { get; init; }

    /// <summary>With <see cref="Handle"/>: the names the object's class defines as methods (its proxy calls them in one request).</summary>
    public ImmutableArray<string> Methods { get; init; } = [];
}

/// <summary>A value over the worker's limits (nodes, characters, depth); never equal to anything.</summary>
public sealed record PyTooLarge(string Type, string Reason) : PyValue
{
    public override string TypeName => Type;
}
