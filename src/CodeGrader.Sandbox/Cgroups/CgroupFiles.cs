using System.Globalization;

namespace CodeGrader.Sandbox.Cgroups;

/// <summary>Reading and writing cgroup control files, and killing what a cgroup holds.</summary>
internal static class CgroupFiles
{
    public static void Write(string file, string value) => ControlFile.Write(file, value);

    public static bool TryWrite(string file, string value)
    {
        try
        {
            Write(file, value);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    public static string? TryRead(string file)
    {
        try
        {
            return ControlFile.Read(file);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>A single number (<c>memory.peak</c>), or null when absent or <c>max</c>.</summary>
    public static long? ReadNumber(string file) =>
        TryRead(file) is { } text && long.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;

    /// <summary>A value from a flat keyed file such as <c>memory.events</c> (<c>oom_kill 1</c>).</summary>
    public static long? ReadKeyed(string file, string key)
    {
        if (TryRead(file) is not { } text) return null;
        foreach (var line in text.Split('\n'))
        {
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            if (space > 0 && line.AsSpan(0, space).SequenceEqual(key)
                && long.TryParse(line.AsSpan(space + 1).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                return n;
            }
        }
        return null;
    }

    public static List<int> ProcessIds(string directory)
    {
        var ids = new List<int>();
        if (TryRead(Path.Combine(directory, "cgroup.procs")) is not { } text) return ids;
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (int.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) ids.Add(pid);
        }
        return ids;
    }

    public static bool IsEmpty(string directory) => ProcessIds(directory).Count == 0;

    /// <summary>Checks <paramref name="condition"/> every millisecond until it holds (true) or <paramref name="patience"/> is up (false).</summary>
    public static bool WaitFor(Func<bool> condition, TimeSpan patience)
    {
        var deadline = Environment.TickCount64 + (long)patience.TotalMilliseconds;
        while (true)
        {
            if (condition()) return true;
            if (Environment.TickCount64 >= deadline) return false;
            Thread.Sleep(1);
        }
    }

    /// <summary>SIGKILL to every process listed, repeated until the cgroups are empty or the time is up.</summary>
    public static bool KillUntilEmpty(IReadOnlyList<string> directories, TimeSpan patience)
    {
        var deadline = Environment.TickCount64 + (long)patience.TotalMilliseconds;
        while (true)
        {
            var any = false;
            foreach (var directory in directories)
            {
                foreach (var pid in ProcessIds(directory))
                {
                    any = true;
                    _ = SandboxNative.Kill(pid, SandboxNative.SIGKILL);
                }
            }
            if (!any) return true;
            if (Environment.TickCount64 > deadline) return false;
            Thread.Sleep(1);
        }
    }

    /// <summary>Removes an empty cgroup, waiting a little for exiting processes to leave it.</summary>
    public static bool TryRemove(string directory, TimeSpan patience)
    {
        var deadline = Environment.TickCount64 + (long)patience.TotalMilliseconds;
        while (true)
        {
            try
            {
                if (!Directory.Exists(directory)) return true;
                Directory.Delete(directory); // rmdir: a cgroup's control files are not real files
                return true;
            }
            catch (IOException) when (Environment.TickCount64 < deadline)
            {
                Thread.Sleep(2);
            }
            catch (IOException)
            {
                return false;
            }
            catch (UnauthorizedAccessException)
            {
                return false;
            }
        }
    }

    public static bool IsAlive(int pid) => Directory.Exists($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}");
}
