using System.Buffers;
using System.Text.Json;
using CodeGrader.Core.InHost;
using CodeGrader.Core.Values;
using CodeGrader.Core.Results;

namespace CodeGrader.Core.Grading;

/// <summary>Where an expected value came from.</summary>
internal enum ExpectationSource
{
    /// <summary><c>expect</c>: a YAML value.</summary>
    Yaml,
    /// <summary><c>expect_py</c>: a Python literal.</summary>
    PythonLiteral,
    /// <summary>Computed by running the reference.</summary>
    Reference,
    /// <summary><c>raises</c>.</summary>
    Raises,
    /// <summary><c>stdout</c> of a program test.</summary>
    Stdout,
}

/// <summary>What a test (or a checked step) expects, resolved: a value, an exception, or program output. Held by the host only.</summary>
internal abstract record Expected(ExpectationSource Source)
{
    /// <summary>The expectation as people read it: a Python literal, "raises ValueError", or the output text.</summary>
    public abstract string Describe();
}

/// <summary>
/// An expected value. A big one computed by the reference (over <see cref="BigNodes"/> values, or over
/// <see cref="BigBytes"/> of canonical JSON when read from the disk cache) is kept as its canonical JSON, or left in
/// its file of the disk cache (<see cref="CachedValueFile"/>), and read again at each use: a prepared exercise holds
/// a few bytes per number, or nothing, instead of an object per number, and only the values being judged are ever
/// whole in memory (issue 14: HumanEval+ answers a million floats, or a string of 7 million characters, per test).
/// </summary>
internal sealed record ExpectedValue : Expected
{
    public const int BigNodes = 10_000;
    public const int BigBytes = 64 * 1024;

    private readonly PyValue? _value;
    private readonly ReadOnlyMemory<byte>? _json;
    private readonly CachedValueFile? _file;

    public ExpectedValue(PyValue value, ExpectationSource source) : base(source)
    {
        if (source == ExpectationSource.Reference && PyValueSize.Exceeds(value, BigNodes)) _json = Serialize(value);
        else _value = value;
    }

    private ExpectedValue(ReadOnlyMemory<byte> json, ExpectationSource source) : base(source) => _json = json;

    private ExpectedValue(CachedValueFile file, ExpectationSource source) : base(source) => _file = file;

    /// <summary>
    /// A value from its canonical JSON (as <see cref="WriteCanonical"/> writes it); a big one keeps <paramref name="json"/>
    /// itself (a slice of the cache file read once, never copied).
    /// </summary>
    public static ExpectedValue FromCanonicalJson(ReadOnlyMemory<byte> json, ExpectationSource source) =>
        json.Length > BigBytes ? new ExpectedValue(json, source) : new ExpectedValue(CanonicalValueReader.Parse(json.Span), source);

    /// <summary>
    /// The reference's value; a big one keeps the JSON the reference's worker wrote for it (<paramref name="json"/>, a
    /// slice of its answer), which a candidate's worker writes byte for byte the same for an equal value: judging then
    /// starts with a byte comparison (<see cref="SameJson"/>).
    /// </summary>
    public static ExpectedValue FromReference(PyValue value, ReadOnlyMemory<byte>? json) =>
        json is { Length: > BigBytes } big ? new ExpectedValue(big, ExpectationSource.Reference) : new ExpectedValue(value, ExpectationSource.Reference);

    /// <summary>
    /// True when this big value's JSON and <paramref name="actual"/> (a big answer's, as its worker wrote it) are the same
    /// bytes: the values are equal, under every comparison (equal values match; NaN matches NaN).
    /// </summary>
    public bool SameJson(ReadOnlyMemory<byte>? actual) =>
        actual is { Length: > BigBytes } bytes && (_file is { } file ? file.Holds(bytes.Span) : _json is { } json && json.Span.SequenceEqual(bytes.Span));

    /// <summary>
    /// Null when <paramref name="actual"/> is this big value's JSON byte for byte (see <see cref="SameJson"/>: a value
    /// left in its file is compared as the file is read, no copy held); else the value, a big one read from its JSON.
    /// </summary>
    public PyValue? UnlessSameJson(ReadOnlyMemory<byte>? actual)
    {
        if (_value is { } value) return value;
        return SameJson(actual) ? null : CanonicalValueReader.Parse(BigJson!.Value.Span);
    }

    /// <summary>A big value left in its file of the disk cache, read (and checked) at each use.</summary>
    public static ExpectedValue FromFile(CachedValueFile file, ExpectationSource source) => new(file, source);

    /// <summary>The value; a big one is read from its JSON at each call, so take it once per use.</summary>
    public PyValue Value => _value ?? CanonicalValueReader.Parse(BigJson!.Value.Span);

    /// <summary>A big value's canonical JSON (from memory or its file); null for a value kept as it is.</summary>
    public ReadOnlyMemory<byte>? BigJson
    {
        get
        {
            if (_json is { } json) return json;
            if (_file is { } file) return file.ReadVerified();
            return null;
        }
    }

    /// <summary>The disk cache's file this big value is left in, or null.</summary>
    public CachedValueFile? StoredIn => _file;

    /// <summary>True when the value is kept as canonical JSON in memory.</summary>
    public bool IsKeptAsJson => _json.HasValue;

    /// <summary>Writes the value's canonical JSON, subclasses named (the disk cache's form).</summary>
    public void WriteCanonical(Utf8JsonWriter writer)
    {
        if (BigJson is { } json) writer.WriteRawValue(json.Span, skipInputValidation: true);
        else CanonicalJson.Write(writer, _value!, withSubclass: true);
    }

    /// <summary>The value as a report shows it; a big one from its JSON, without building it (a changed file says so).</summary>
    public override string Describe()
    {
        try
        {
            return BigJson is { } json ? CanonicalValuePreview.Format(json.Span) : PythonLiteral.Format(_value!);
        }
        catch (InvalidDataException e)
        {
            return $"(the expected value could not be read: {e.Message})";
        }
    }

    private static ReadOnlyMemory<byte> Serialize(PyValue value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true }))
        {
            CanonicalJson.Write(writer, value, withSubclass: true);
        }
        return buffer.WrittenMemory;
    }
}

internal sealed record ExpectedException(string TypeName) : Expected(ExpectationSource.Raises)
{
    public override string Describe() => $"raises {TypeName}";
}

internal sealed record ExpectedOutput(string Text, ExpectationSource Source) : Expected(Source)
{
    public override string Describe() => Text;
}
