using System.Collections.Immutable;
using System.Numerics;
using System.Text;
using CodeGrader.Core.Grading;
using CodeGrader.Core.Values;

namespace CodeGrader.Core.Tests.Grading;

/// <summary>The disk cache's file: every kind of canonical value comes back as it was written, and a damaged file reads as nothing.</summary>
public sealed class ReferenceResultsFileTests
{
    private const string Key = "0123456789abcdef";

    private static readonly PyValue[] Values =
    [
        PyNone.Instance, new PyBool(true), new PyInt(BigInteger.Pow(-7, 99)), new PyInt(5) { Subclass = "mymod.MyInt" },
        new PyFloat(-0.0), new PyFloat(double.NaN), new PyFloat(double.NegativeInfinity), new PyFloat(0.1 + 0.2), new PyComplex(1.5, -2),
        new PyStr("h\u00e9llo \ud83d\ude00"), new PyStr("lone \ud800 surrogate"), new PyBytes([0, 255, 10]), new PyBytes([1], IsByteArray: true),
        new PySequence(SequenceKind.Tuple, [new PyInt(1), new PySequence(SequenceKind.List, [new PyStr("a")]) { Subclass = "collections.UserList" }]),
        new PySet(true, [new PyInt(3)]), new PyDict([new(new PyInt(1), new PyStr("one"))]) { Subclass = "collections.Counter" },
    ];

    private static ReferenceResults Sample()
    {
        var values = ImmutableDictionary.CreateBuilder<(int Test, int Step), Expected>();
        for (var i = 0; i < Values.Length; i++) values[(i, -1)] = new ExpectedValue(Values[i], ExpectationSource.Reference);
        values[(Values.Length, 0)] = new ExpectedOutput("line\n", ExpectationSource.Reference);
        return new ReferenceResults(values.ToImmutable(), ImmutableDictionary<int, TimeSpan>.Empty.Add(0, TimeSpan.FromTicks(1234)).Add(3, TimeSpan.FromMilliseconds(2.5)));
    }

    [Fact]
    public void Every_kind_of_value_reads_back_as_it_was_written()
    {
        var read = ReferenceResultsFile.Read(ReferenceResultsFile.Write(Key, Sample()), Key, Values.Length + 1);

        read.ShouldNotBeNull();
        foreach (var (place, expected) in Sample().Values)
        {
            var back = read.Values[place];
            if (expected is ExpectedValue { Value: PyFloat { Value: var f } } && double.IsNaN(f)) double.IsNaN(back.ShouldBeOfType<ExpectedValue>().Value.ShouldBeOfType<PyFloat>().Value).ShouldBeTrue();
            else back.Describe().ShouldBe(expected.Describe());
            if (expected is ExpectedValue { Value: var value }) ((ExpectedValue)back).Value.Subclass.ShouldBe(value.Subclass);
        }
        double.IsNegative(((PyFloat)((ExpectedValue)read.Values[(4, -1)]).Value).Value).ShouldBeTrue("-0.0 keeps its sign");
        read.Times.ShouldBe(Sample().Times);
    }

    [Fact]
    public void A_file_for_another_key_or_with_fewer_tests_reads_as_nothing()
    {
        var bytes = ReferenceResultsFile.Write(Key, Sample());
        ReferenceResultsFile.Read(bytes, "fedcba9876543210", Values.Length + 1).ShouldBeNull();
        ReferenceResultsFile.Read(bytes, Key, Values.Length).ShouldBeNull();
    }

    [Fact]
    public void A_file_cut_anywhere_or_with_one_byte_changed_reads_as_nothing()
    {
        var bytes = ReferenceResultsFile.Write(Key, Sample());
        for (var length = 0; length < bytes.Length; length += 7) ReferenceResultsFile.Read(bytes.AsSpan(0, length), Key, Values.Length + 1).ShouldBeNull();
        var header = Array.IndexOf(bytes, (byte)'\n');
        for (var at = header + 1; at < bytes.Length; at += 13)
        {
            var changed = (byte[])bytes.Clone();
            changed[at] ^= 0x01;
            ReferenceResultsFile.Read(changed, Key, Values.Length + 1).ShouldBeNull($"byte {at} ('{Encoding.ASCII.GetString(bytes, at, 1)}') changed");
        }
    }
}
