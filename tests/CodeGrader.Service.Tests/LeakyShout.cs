namespace CodeGrader.Service.Tests;

/// <summary>
/// A submission to the marked exercise that leaks all it can: it prints and returns markers when it sees the hidden
/// test's argument. It builds its markers at run time, so its own source (which its sender may read) holds none of them.
/// The crawls search every response a candidate gets for <see cref="Markers"/> (shared with the browser's crawl).
/// </summary>
internal static class LeakyShout
{
    public const string Source = """
        def shout(s):
            if s.startswith("zq"):
                print("zq" + "xprinted " + s)
                return "zq" + "xactual"
            return s.upper() + "!"
        """;

    /// <summary>The hidden test's argument, what the submission prints and what it returns.</summary>
    public static readonly string[] Markers = ["zqxhiddenarg", "zqxprinted", "zqxactual"];
}
