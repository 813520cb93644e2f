using System.Globalization;
using CodeGrader.Sandbox.Cgroups;

namespace CodeGrader.Sandbox;

/// <summary>Reads the process tree from <c>/proc</c>.</summary>
internal static class ProcessTree
{
    /// <summary>The direct children of a process (<c>/proc/PID/task/PID/children</c>); empty when it is gone.</summary>
    public static IReadOnlyList<int> Children(int pid)
    {
        var text = CgroupFiles.TryRead(string.Create(CultureInfo.InvariantCulture, $"/proc/{pid}/task/{pid}/children"));
        if (string.IsNullOrWhiteSpace(text)) return [];
        return [.. text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(p => int.Parse(p, CultureInfo.InvariantCulture))];
    }

    /// <summary>Waits until the process has exited (a zombie waiting for its parent counts as exited), or the patience runs out.</summary>
    public static bool WaitUntilExited(int pid, TimeSpan patience)
    {
        var deadline = Environment.TickCount64 + (long)patience.TotalMilliseconds;
        while (true)
        {
            if (HasExited(pid)) return true;
            if (Environment.TickCount64 >= deadline) return false;
            Thread.Sleep(1);
        }
    }

    private static bool HasExited(int pid)
    {
        var stat = CgroupFiles.TryRead(string.Create(CultureInfo.InvariantCulture, $"/proc/{pid}/stat"));
        if (stat is null) return true;
        var afterName = stat.LastIndexOf(')');
        return afterName < 0 || afterName + 2 >= stat.Length || stat[afterName + 2] is 'Z' or 'X';
    }
}
