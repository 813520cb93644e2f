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
        new PyFloat(2.0), new PyFloat(1e16), new PyFloat(-1.5e-300), new PyInt(long.MaxValue), new PyInt(long.MinValue),
        new PyInt(new BigInteger(long.MaxValue) + 1), new PyStr("plain ascii"), new PyBool(false) { Subclass = "mymod.MyBool" },
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
    public void A_big_value_is_kept_as_its_json_and_reads_back_whole_each_time()
    {
        var floats = Enumerable.Range(0, ExpectedValue.BigNodes + 5).Select(i => i % 3 == 0 ? i + 0.5 : i * 1e-7).ToArray();
        var big = new PySequence(SequenceKind.List, [.. floats.Select(f => (PyValue)new PyFloat(f)), new PyInt(7), new PyStr("end")]);
        var computed = new ExpectedValue(big, ExpectationSource.Reference);
        computed.IsKeptAsJson.ShouldBeTrue("the reference's big value is kept as JSON from the start");
        var results = new ReferenceResults(ImmutableDictionary<(int, int), Expected>.Empty.Add((0, -1), computed), ImmutableDictionary<int, TimeSpan>.Empty);

        var read = ReferenceResultsFile.Read(ReferenceResultsFile.Write(Key, results), Key, 1).ShouldNotBeNull();

        var back = read.Values[(0, -1)].ShouldBeOfType<ExpectedValue>();
        back.IsKeptAsJson.ShouldBeTrue();
        var items = back.Value.ShouldBeOfType<PySequence>().Items;
        items.Length.ShouldBe(floats.Length + 2);
        items.Take(floats.Length).Select(v => v.ShouldBeOfType<PyFloat>().Value).ShouldBe(floats);
        items[^2].ShouldBe(new PyInt(7));
        items[^1].ShouldBe(new PyStr("end"));
        new ExpectedValue(new PySequence(SequenceKind.List, [new PyInt(1)]), ExpectationSource.Reference).IsKeptAsJson.ShouldBeFalse();
        new ExpectedValue(new PyStr(new string('a', 8 * ExpectedValue.BigNodes)), ExpectationSource.Reference).IsKeptAsJson.ShouldBeTrue("a long string is big too");
        new ExpectedValue(new PyStr("short"), ExpectationSource.Reference).IsKeptAsJson.ShouldBeFalse();
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
        for (var length = 0; length < bytes.Length; length += 7) ReferenceResultsFile.Read(bytes.AsMemory(0, length), Key, Values.Length + 1).ShouldBeNull();
        var header = Array.IndexOf(bytes, (byte)'\n');
        for (var at = header + 1; at < bytes.Length; at += 13)
        {
            var changed = (byte[])bytes.Clone();
            changed[at] ^= 0x01;
            ReferenceResultsFile.Read(changed, Key, Values.Length + 1).ShouldBeNull($"byte {at} ('{Encoding.ASCII.GetString(bytes, at, 1)}') changed");
        }
    }
}
