namespace CodeGrader.Python.Tests;

public sealed class PythonVersionTests
{
    [Theory]
    [InlineData("3.11.2 (main, Mar 13 2023, 12:18:29) [GCC 12.2.0]", 3, 11, 2)]
    [InlineData("3.13.0rc1 (main)", 3, 13, 0)]
    [InlineData("3.12.1", 3, 12, 1)]
    public void Versions_are_read_from_what_Py_GetVersion_prints(string text, int major, int minor, int micro) =>
        PythonVersion.TryParse(text).ShouldBe(new PythonVersion(major, minor, micro));

    [Theory]
    [InlineData(3, 10, false)]
    [InlineData(3, 11, true)]
    [InlineData(3, 12, true)]
    [InlineData(3, 13, true)]
    [InlineData(3, 14, false)]
    public void Only_versions_with_a_pinned_config_layout_are_supported(int major, int minor, bool supported) =>
        new PythonVersion(major, minor, 0).IsSupported.ShouldBe(supported);

    [Fact]
    public void Garbage_is_not_a_version() => PythonVersion.TryParse("banana").ShouldBeNull();
}
