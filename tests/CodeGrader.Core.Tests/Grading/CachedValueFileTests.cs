using System.Security.Cryptography;
using CodeGrader.Core.Grading;

namespace CodeGrader.Core.Tests.Grading;

/// <summary>A big expected value's file is compared with an answer as it is read, its hash checked; a file changed since is never trusted.</summary>
public sealed class CachedValueFileTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), "codegrader-tests", "value-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly byte[] _json = [.. Enumerable.Range(0, 300_000).Select(i => (byte)('0' + i % 10))];

    public CachedValueFileTests()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        File.WriteAllBytes(_path, _json);
    }

    public void Dispose() => File.Delete(_path);

    private CachedValueFile Recorded => new(_path, Convert.ToHexStringLower(SHA256.HashData(_json)), _json.Length);

    [Fact]
    public void It_holds_the_same_bytes_and_nothing_else()
    {
        Recorded.Holds(_json).ShouldBeTrue();
        var last = _json.ToArray();
        last[^1] ^= 1;
        Recorded.Holds(last).ShouldBeFalse("one byte differs, the last");
        Recorded.Holds(_json.AsSpan(1)).ShouldBeFalse("one byte short");
    }

    [Fact]
    public void A_file_changed_since_its_entry_was_read_is_refused_even_when_the_answer_matches_it()
    {
        var file = Recorded;
        var forged = _json.ToArray();
        forged[1000] ^= 1;
        File.WriteAllBytes(_path, forged);

        Should.Throw<InvalidDataException>(() => file.Holds(forged)).Message.ShouldContain("changed after it was checked");
        File.Delete(_path);
        Should.Throw<InvalidDataException>(() => file.Holds(_json)).Message.ShouldContain("could not be read again");
    }
}
