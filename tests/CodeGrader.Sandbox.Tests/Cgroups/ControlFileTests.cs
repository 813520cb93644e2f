using CodeGrader.Sandbox.Cgroups;

namespace CodeGrader.Sandbox.Tests.Cgroups;

/// <summary>Control files read and written with plain system calls behave as File.ReadAllText and WriteAllText did.</summary>
public sealed class ControlFileTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("cg-control-");

    public void Dispose() => _root.Delete(recursive: true);

    [Fact]
    public void A_write_replaces_the_whole_content_and_a_read_returns_it_even_past_one_page()
    {
        var file = Path.Combine(_root.FullName, "cgroup.procs");
        var many = string.Join('\n', Enumerable.Range(100_000, 2_000)) + "\n"; // 14,000 bytes: several reads

        ControlFile.Write(file, "a much longer first value");
        ControlFile.Write(file, many);

        ControlFile.Read(file).ShouldBe(many);
        File.ReadAllText(file).ShouldBe(many);
        CgroupFiles.ProcessIds(_root.FullName).Count.ShouldBe(2_000);
    }

    [Fact]
    public void A_missing_file_reads_as_not_found_naming_it_and_TryRead_gives_null()
    {
        var file = Path.Combine(_root.FullName, "memory.peak");

        var error = Should.Throw<FileNotFoundException>(() => ControlFile.Read(file));

        error.Message.ShouldContain(file);
        CgroupFiles.TryRead(file).ShouldBeNull();
        CgroupFiles.ReadNumber(file).ShouldBeNull();
    }

    [Fact]
    public void A_write_into_a_missing_directory_fails_naming_the_file_and_TryWrite_says_false()
    {
        var file = Path.Combine(_root.FullName, "gone", "freezer.state");

        Should.Throw<IOException>(() => ControlFile.Write(file, "FROZEN")).Message.ShouldContain(file);
        CgroupFiles.TryWrite(file, "FROZEN").ShouldBeFalse();
    }

    [Fact]
    public void Writing_to_a_directory_fails_naming_it_and_TryWrite_says_false()
    {
        Should.Throw<IOException>(() => ControlFile.Write(_root.FullName, "1")).Message.ShouldContain(_root.FullName);
        CgroupFiles.TryWrite(_root.FullName, "1").ShouldBeFalse();
    }
}
