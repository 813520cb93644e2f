using System.Collections.Immutable;
using CodeGrader.Core.Execution;
using CodeGrader.Sandbox.Bubblewrap;

namespace CodeGrader.Sandbox.Tests.Bubblewrap;

/// <summary>The bubblewrap command line, built from a fake Python installation so no real one is needed.</summary>
public sealed class BubblewrapArgumentsTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("cg-bwrap-");
    private readonly string _home;
    private readonly string _library;
    private readonly string _worker;

    public BubblewrapArgumentsTests()
    {
        _home = Path.Combine(_root.FullName, "pyenv", "versions", "3.11.7");
        Directory.CreateDirectory(Path.Combine(_home, "lib", "python3.11", "lib-dynload"));
        Directory.CreateDirectory(Path.Combine(_home, "lib", "python3.11", "site-packages"));
        Directory.CreateDirectory(Path.Combine(_home, "lib", "python3.12"));
        _library = Path.Combine(_home, "lib", "libpython3.11.so.1.0");
        File.WriteAllText(_library, "");
        var workerDirectory = Path.Combine(_root.FullName, "artifacts", "worker");
        Directory.CreateDirectory(workerDirectory);
        _worker = Path.Combine(workerDirectory, "codegrader-worker");
        File.WriteAllText(_worker, "");
    }

    public void Dispose() => _root.Delete(recursive: true);

    private WorkerCommand Command(ImmutableDictionary<string, string>? extra = null) => new(
        _worker, ["--flag"],
        (extra ?? ImmutableDictionary<string, string>.Empty)
            .Add("CODEGRADER_LIBPYTHON", _library)
            .Add("CODEGRADER_PYTHONHOME", _home));

    private List<string> Build(WorkerCommand? command = null, ResourceLimits? limits = null) =>
        BubblewrapArguments.Build(command ?? Command(), limits ?? ResourceLimits.Default, ["/usr/lib/x86_64-linux-gnu"]);

    private static List<(string Source, string Destination)> ReadOnlyBinds(List<string> args)
    {
        var binds = new List<(string, string)>();
        for (var i = 0; i < args.Count - 2; i++)
        {
            if (args[i] == "--ro-bind") binds.Add((args[i + 1], args[i + 2]));
        }
        return binds;
    }

    [Fact]
    public void Bubblewrap_command_unshares_every_namespace_and_keeps_no_network()
    {
        var args = Build();

        args.ShouldContain("--unshare-all");
        args.ShouldContain("--unshare-user");
        args.ShouldContain("--disable-userns");
        args.ShouldNotContain("--share-net");
        args.ShouldContain("--die-with-parent");
        args.ShouldContain("--new-session");
        args[args.IndexOf("--cap-drop") + 1].ShouldBe("ALL");
        args.ShouldNotContain("--bind");
        args.ShouldNotContain("--dev-bind");
    }

    [Fact]
    public void Bubblewrap_command_binds_the_python_home_read_only()
    {
        var binds = ReadOnlyBinds(Build());

        var stdlib = Path.Combine(_home, "lib", "python3.11");
        binds.ShouldContain((stdlib, stdlib));
        binds.ShouldContain((_library, _library));
        binds.ShouldContain((Path.GetDirectoryName(_worker)!, Path.GetDirectoryName(_worker)!));
        binds.ShouldNotContain(b => b.Source == _home || b.Source == Path.Combine(_home, "lib"), "only the version's lib, not the whole home");
        binds.ShouldNotContain(b => b.Source.EndsWith("python3.12", StringComparison.Ordinal));
        binds.ShouldAllBe(b => b.Source == b.Destination);
    }

    [Fact]
    public void Bubblewrap_command_hides_site_packages()
    {
        var args = Build();

        var sitePackages = Path.Combine(_home, "lib", "python3.11", "site-packages");
        args[args.IndexOf(sitePackages) - 1].ShouldBe("--tmpfs");
        args[args.LastIndexOf(sitePackages) - 1].ShouldBe("--remount-ro");
    }

    [Fact]
    public void Bubblewrap_command_binds_nothing_of_home_root_tmp_or_etc()
    {
        var binds = ReadOnlyBinds(Build());

        binds.ShouldNotContain(b => b.Source == "/" || b.Source == "/etc" || b.Source.StartsWith("/etc/", StringComparison.Ordinal));
        binds.ShouldNotContain(b => b.Source == "/home" || b.Source == "/root" || b.Source == "/tmp" || b.Source == "/usr");
    }

    [Fact]
    public void Bubblewrap_command_clears_the_environment_and_sets_only_the_commands_variables()
    {
        var args = Build(Command(ImmutableDictionary<string, string>.Empty.Add("LANG", "C.UTF-8")));

        var clear = args.IndexOf("--clearenv");
        clear.ShouldBeGreaterThanOrEqualTo(0);
        var set = Enumerable.Range(0, args.Count).Where(i => args[i] == "--setenv").Select(i => args[i + 1]).ToList();
        set.ShouldBe(["CODEGRADER_LIBPYTHON", "CODEGRADER_PYTHONHOME", "LANG"]);
        args.IndexOf("--setenv").ShouldBeGreaterThan(clear);
    }

    [Fact]
    public void Bubblewrap_command_gives_a_size_limited_scratch_as_working_directory_and_a_read_only_root()
    {
        var args = Build(limits: ResourceLimits.Default with { ScratchBytes = 4 * 1024 * 1024 });

        var tmpfs = args.IndexOf("--tmpfs");
        args[tmpfs - 2].ShouldBe("--size");
        args[tmpfs - 1].ShouldBe("4194304");
        args[tmpfs + 1].ShouldBe("/tmp");
        args[args.IndexOf("--chdir") + 1].ShouldBe("/tmp");
        args.ShouldContain("--proc");
        args.ShouldContain("--dev");
        var lastBind = args.LastIndexOf("--ro-bind");
        var rootReadOnly = Enumerable.Range(0, args.Count - 1).Single(i => args[i] == "--remount-ro" && args[i + 1] == "/");
        rootReadOnly.ShouldBeGreaterThan(lastBind);
        tmpfs.ShouldBeLessThan(args.IndexOf("--ro-bind"), "the scratch comes first so binds under /tmp stay visible");
    }

    [Fact]
    public void Bubblewrap_command_ends_with_the_seccomp_descriptor_and_the_command()
    {
        var args = Build();

        var separator = args.IndexOf("--");
        args[separator - 2].ShouldBe("--seccomp");
        args[separator - 1].ShouldBe("5");
        args.Skip(separator + 1).ShouldBe([_worker, "--flag"]);
    }

    [Theory]
    [InlineData("0.8.0", true, true)]
    [InlineData("0.11.0", true, true)]
    [InlineData("1.0", true, true)]
    [InlineData("0.7.0", true, false)]
    [InlineData("0.6.1", false, false)]
    [InlineData("unknown", true, true)]
    public void Version_dependent_options_follow_the_bubblewrap_version(string version, bool size, bool disableUserns)
    {
        var features = BubblewrapFeatures.FromVersion(version);
        var args = BubblewrapArguments.Build(Command(), ResourceLimits.Default, [], features);

        features.ShouldBe(new BubblewrapFeatures(size, disableUserns));
        args.Contains("--size").ShouldBe(size);
        args.Contains("--disable-userns").ShouldBe(disableUserns);
        args.ShouldContain("--tmpfs");
        (features.Missing is null).ShouldBe(size && disableUserns);
    }

    [Fact]
    public void A_missing_python_library_is_a_start_error()
    {
        var command = Command() with
        {
            Environment = ImmutableDictionary<string, string>.Empty.Add("CODEGRADER_LIBPYTHON", Path.Combine(_root.FullName, "nope.so")),
        };

        Should.Throw<WorkerStartException>(() => Build(command)).Message.ShouldContain("nope.so");
    }
}
