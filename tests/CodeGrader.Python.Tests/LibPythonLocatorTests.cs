namespace CodeGrader.Python.Tests;

public sealed class LibPythonLocatorTests
{
    private static LibPythonSearchOptions Staged(Dictionary<string, string?> variables, params string[] distroPaths) => new()
    {
        GetEnvironmentVariable = name => variables.GetValueOrDefault(name),
        PythonExecutable = "/nonexistent/python3",
        DistroPaths = distroPaths,
    };

    [Fact]
    public void The_pythonnet_variable_wins_over_every_other_rule()
    {
        var real = LibPythonLocator.Locate().LibraryPath;
        var found = LibPythonLocator.Locate(Staged(new() { ["PYTHONNET_PYDLL"] = real, ["CODEGRADER_LIBPYTHON"] = "/elsewhere.so" }));
        found.LibraryPath.ShouldBe(real);
        found.Source.ShouldBe("PYTHONNET_PYDLL");
    }

    [Fact]
    public void The_codegrader_setting_is_used_when_the_pythonnet_variable_is_absent()
    {
        var real = LibPythonLocator.Locate().LibraryPath;
        var found = LibPythonLocator.Locate(Staged(new()) with { ConfiguredLibrary = real });
        found.Source.ShouldStartWith("CodeGrader setting");
    }

    [Fact]
    public void The_python3_on_path_is_asked_through_sysconfig()
    {
        var found = LibPythonLocator.Locate(new LibPythonSearchOptions { GetEnvironmentVariable = _ => null });
        found.Source.ShouldBe("python3 on PATH (sysconfig)");
        File.Exists(found.LibraryPath).ShouldBeTrue();
        File.Exists(Path.Combine(found.Home!, "lib", "python3.11", "encodings", "__init__.py")).ShouldBeTrue();
    }

    [Fact]
    public void Distribution_paths_are_tried_last()
    {
        var real = LibPythonLocator.Locate().LibraryPath;
        var found = LibPythonLocator.Locate(Staged(new(), "/nope/libpython3.13.so.1.0", real));
        found.LibraryPath.ShouldBe(real);
        found.Source.ShouldBe("distribution path");
    }

    [Fact]
    public void A_missing_library_lists_every_place_tried_and_the_fix()
    {
        var error = Should.Throw<LibPythonNotFoundException>(() => LibPythonLocator.Locate(
            Staged(new() { ["PYTHONNET_PYDLL"] = "/missing/libpython3.11.so" }, "/usr/lib/nowhere/libpython3.11.so.1.0")));
        error.Message.ShouldContain("PYTHONNET_PYDLL: /missing/libpython3.11.so (no such file)");
        error.Message.ShouldContain("/nonexistent/python3");
        error.Message.ShouldContain("/usr/lib/nowhere/libpython3.11.so.1.0 (no such file)");
        error.Message.ShouldContain("apt-get install -y libpython3.11");
        error.Probes.Count.ShouldBe(4);
    }

    [Theory]
    [InlineData("/usr/lib/x86_64-linux-gnu/libpython3.11.so.1.0", "/usr")]
    [InlineData("/root/.pyenv/versions/3.11.7/lib/libpython3.11.so.1.0", "/root/.pyenv/versions/3.11.7")]
    [InlineData("/opt/py/lib64/libpython3.12.so", "/opt/py")]
    public void The_home_is_the_prefix_above_the_library_directory(string library, string home) =>
        LibPythonLocator.DeriveHome(library).ShouldBe(home);
}
