using CodeGrader.Sandbox.Bubblewrap;

namespace CodeGrader.Sandbox.Tests.Bubblewrap;

public sealed class ReadOnlyViewTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("cg-view-");

    public void Dispose() => _root.Delete(recursive: true);

    private string Make(string relative)
    {
        var path = Path.Combine(_root.FullName, relative);
        Directory.CreateDirectory(path);
        return path;
    }

    [Fact]
    public void A_path_through_a_symbolic_link_becomes_the_link_plus_a_bind_of_its_target()
    {
        var real = Make("usr/lib64");
        File.WriteAllText(Path.Combine(real, "ld.so"), "");
        var link = Path.Combine(_root.FullName, "lib64");
        File.CreateSymbolicLink(link, "usr/lib64");
        var view = new ReadOnlyView();

        view.Add(Path.Combine(link, "ld.so")).ShouldBeTrue();

        view.Links.ShouldBe([new KeyValuePair<string, string>(link, "usr/lib64")]);
        view.Binds.ShouldBe([Path.Combine(real, "ld.so")]);
    }

    [Fact]
    public void Paths_inside_a_bound_directory_are_not_bound_again()
    {
        var lib = Make("lib");
        File.WriteAllText(Path.Combine(lib, "libx.so.1"), "");
        File.CreateSymbolicLink(Path.Combine(lib, "libx.so"), "libx.so.1");
        var view = new ReadOnlyView();

        view.Add(Path.Combine(lib, "libx.so")).ShouldBeTrue();
        view.Add(lib).ShouldBeTrue();

        view.Binds.ShouldBe([lib]);
        view.Links.ShouldBeEmpty(); // the link is inside the bound directory already
    }

    [Fact]
    public void A_missing_path_is_reported_and_not_bound()
    {
        var view = new ReadOnlyView();

        view.Add(Path.Combine(_root.FullName, "nothing", "here")).ShouldBeFalse();

        view.Binds.ShouldBeEmpty();
    }

    [Fact]
    public void Hidden_directories_are_covered_read_only_only_inside_a_bind()
    {
        var stdlib = Make("lib/python3.11");
        var sitePackages = Make("lib/python3.11/site-packages");
        var elsewhere = Make("elsewhere");
        var view = new ReadOnlyView();
        view.Add(stdlib);

        view.Hide(sitePackages);
        view.Hide(elsewhere);

        view.Arguments().ShouldBe(["--ro-bind", stdlib, stdlib, "--tmpfs", sitePackages, "--remount-ro", sitePackages]);
    }

    [Fact]
    public void The_system_loader_resolves_inside_as_on_the_host()
    {
        var view = new ReadOnlyView();
        foreach (var path in SandboxAvailability.SystemLibraries()) view.Add(path);

        var loader = "/lib64/ld-linux-x86-64.so.2";
        var resolved = RealPath(loader);
        view.Binds.ShouldContain(b => resolved == b || resolved.StartsWith(b + "/", StringComparison.Ordinal));
        view.Binds.ShouldNotContain("/");
        view.Binds.ShouldNotContain("/usr");
    }

    private static string RealPath(string path)
    {
        var start = new System.Diagnostics.ProcessStartInfo("readlink", ["-f", path]) { RedirectStandardOutput = true };
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit(10_000).ShouldBeTrue();
        return output;
    }
}
