using System.Text;

namespace CodeGrader.Core.Tests.Security;

/// <summary>
/// Looks at the host's /proc for processes and threads a submission marked: the sandbox's processes are the host's
/// too (a PID namespace only hides the host from them), so a marked name (<c>prctl(PR_SET_NAME)</c>, seen in
/// <c>/proc/PID/comm</c> and <c>/proc/PID/task/TID/comm</c>) or command line visible here is a process still alive.
/// </summary>
internal static class HostProcesses
{
    /// <summary>"pid (state): name" for every live process or thread whose name or command line holds the marker.</summary>
    public static List<string> Marked(string marker)
    {
        var found = new List<string>();
        foreach (var directory in SafeDirectories("/proc"))
        {
            var pid = Path.GetFileName(directory);
            if (!pid.All(char.IsAsciiDigit)) continue;
            var cmdline = Read(Path.Combine(directory, "cmdline")).Replace('\0', ' ');
            var names = SafeDirectories(Path.Combine(directory, "task")).Select(t => Read(Path.Combine(t, "comm")).Trim()).Append(cmdline);
            if (names.Any(n => n.Contains(marker, StringComparison.Ordinal)))
                found.Add($"{pid} ({State(directory)}): {Read(Path.Combine(directory, "comm")).Trim()} {cmdline}");
        }
        return found;
    }

    /// <summary>
    /// Waits (briefly: the kill is asynchronous, a SIGKILLed process takes a moment to be reaped) until no marked process
    /// is left, and fails naming the survivors if some still are.
    /// </summary>
    public static async Task ShouldHaveNoSurvivorAsync(string marker)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        var survivors = Marked(marker);
        while (survivors.Count > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
            survivors = Marked(marker);
        }
        survivors.ShouldBeEmpty($"processes of the submission outlived its grading:\n{string.Join("\n", survivors)}");
    }

    /// <summary>Polls until <paramref name="until"/> completes; true when a marked process was seen meanwhile.</summary>
    public static async Task<bool> SeenWhileAsync(string marker, Task until)
    {
        while (!until.IsCompleted)
        {
            if (Marked(marker).Count > 0) return true;
            await Task.Delay(10);
        }
        return false;
    }

    private static string State(string directory)
    {
        var stat = Read(Path.Combine(directory, "stat"));
        var close = stat.LastIndexOf(')');
        return close > 0 && close + 2 < stat.Length ? stat[(close + 2)..(close + 3)] : "?";
    }

    private static IEnumerable<string> SafeDirectories(string path)
    {
        try
        {
            return Directory.GetDirectories(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    private static string Read(string path)
    {
        try
        {
            return File.ReadAllText(path, Encoding.UTF8);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }
}
