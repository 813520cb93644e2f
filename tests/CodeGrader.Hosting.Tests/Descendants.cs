namespace CodeGrader.Hosting.Tests;

/// <summary>The processes this test process started, directly or not (workers, bubblewrap, their children), from /proc.</summary>
internal static class Descendants
{
    public static List<string> Alive()
    {
        var parents = new Dictionary<int, (int Parent, string Name, char State)>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid)) continue;
            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(directory, "stat"));
            }
            catch (IOException)
            {
                continue;
            }
            var close = stat.LastIndexOf(')');
            var open = stat.IndexOf('(', StringComparison.Ordinal);
            var fields = stat[(close + 2)..].Split(' ');
            parents[pid] = (int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture), stat[(open + 1)..close], fields[0][0]);
        }
        var self = Environment.ProcessId;
        return [.. parents.Where(p => p.Value.State != 'Z' && IsBelow(p.Key, self, parents)).Select(p => $"{p.Key} {p.Value.Name} ({p.Value.State})")];
    }

    /// <summary>What a failure message needs to tell where a process left behind came from: its parent, age, command line and cgroup.</summary>
    private static string Describe(string entry)
    {
        var pid = entry[..entry.IndexOf(' ', StringComparison.Ordinal)];
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var startTicks = long.Parse(fields[19], System.Globalization.CultureInfo.InvariantCulture);
            var uptime = double.Parse(File.ReadAllText("/proc/uptime").Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
            var age = uptime - startTicks / 100.0;
            var command = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim();
            var cgroup = File.ReadAllText($"/proc/{pid}/cgroup").Trim();
            return $"{entry}, parent {fields[1]}, started {age:0.0} s ago, cgroup {cgroup}: {(command.Length > 300 ? command[..300] + "..." : command)}";
        }
        catch (IOException)
        {
            return entry + " (gone)";
        }
    }

    /// <summary>Waits up to five seconds (a SIGKILLed process takes a moment to be reaped) for none to be left.</summary>
    public static async Task ShouldBeNoneLeftAsync()
    {
        var alive = await SettleAsync(_ => false);
        alive.ShouldBeEmpty("processes were left running:\n" + string.Join("\n", alive.Select(Describe)));
    }

    /// <summary>Waits up to five seconds (a short-lived process, such as a probe of python3, ends) for every process left
    /// to be one that <paramref name="allowed"/> accepts.</summary>
    public static async Task ShouldAllBeAsync(Func<string, bool> allowed, string why)
    {
        var alive = await SettleAsync(allowed);
        alive.ShouldAllBe(p => allowed(p), why + ":\n" + string.Join("\n", alive.Select(Describe)));
    }

    /// <summary>
    /// Waits up to five seconds for what is left to be at most the fork server's zygote, which the engine holds between
    /// grades: its bubblewrap and the zygote itself, and no worker forked from it (a <c>codegrader-work</c> below another).
    /// </summary>
    public static async Task ShouldBeAtMostTheZygoteAsync(string why)
    {
        var alive = await SettleAsync(_ => false, IsAtMostTheZygote);
        IsAtMostTheZygote(alive).ShouldBeTrue(why + ":\n" + string.Join("\n", alive.Select(Describe)));
    }

    private static bool IsAtMostTheZygote(List<string> alive)
    {
        var workers = alive.Where(p => p.Contains(" codegrader-work ", StringComparison.Ordinal)).ToList();
        return alive.All(p => p.Contains(" bwrap ", StringComparison.Ordinal) || p.Contains(" codegrader-work ", StringComparison.Ordinal))
            && workers.Count <= 1;
    }

    private static async Task<List<string>> SettleAsync(Func<string, bool> allowed, Func<List<string>, bool>? settled = null)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        var alive = Alive();
        while (!(settled?.Invoke(alive) ?? alive.All(allowed)) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
            alive = Alive();
        }
        return alive;
    }

    private static bool IsBelow(int pid, int ancestor, Dictionary<int, (int Parent, string Name, char State)> parents)
    {
        for (var current = pid; parents.TryGetValue(current, out var entry) && entry.Parent > 1; current = entry.Parent)
        {
            if (entry.Parent == ancestor) return true;
        }
        return false;
    }
}
