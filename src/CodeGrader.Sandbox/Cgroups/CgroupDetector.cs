using CodeGrader.Core.Execution;

namespace CodeGrader.Sandbox.Cgroups;

/// <summary>
/// Chooses how workers get cgroup limits on this host, or says why they cannot:
/// <list type="number">
/// <item>cgroup v1 (memory and/or pids hierarchies, freezer when mounted): <c>codegrader/</c> under this process's
/// own cgroup in each hierarchy, so the host's own limits still cover its workers.</item>
/// <item>cgroup v2 with memory and pids: in <c>$CODEGRADER_CGROUP</c> when set (a delegated cgroup prepared by
/// the administrator), else under this process's own cgroup when it may delegate (it must hold no processes,
/// the v2 "no internal processes" rule, so in practice only at the root), else at the root of the hierarchy.</item>
/// <item>none: the caller degrades to rlimits and says so.</item>
/// </list>
/// Every choice is tried for real: a probe cgroup is created with limits and removed.
/// </summary>
internal static class CgroupDetector
{
    public const string ParentVariable = "CODEGRADER_CGROUP";
    public const string DirectoryName = "codegrader";

    public static CgroupSupport? Detect(out string? problem, CgroupLayout? layout = null, string? configuredParent = null)
    {
        configuredParent ??= Environment.GetEnvironmentVariable(ParentVariable);
        try
        {
            layout ??= CgroupLayout.ReadCurrent();
        }
        catch (IOException e)
        {
            problem = $"cannot read this process's cgroups: {e.Message}";
            return null;
        }

        var problems = new List<string>();
        if (string.IsNullOrEmpty(configuredParent) && (layout.V1.ContainsKey("memory") || layout.V1.ContainsKey("pids")))
        {
            var memory = TryParent(layout.V1.GetValueOrDefault("memory"), "memory", problems);
            var pids = TryParent(layout.V1.GetValueOrDefault("pids"), "pids", problems);
            var freezer = TryParent(layout.V1.GetValueOrDefault("freezer"), "freezer", problems);
            if (memory is not null || pids is not null)
            {
                var support = new CgroupV1Support(memory, pids, freezer);
                if (Probe(support, problems))
                {
                    problem = problems.Count == 0 ? null : string.Join("; ", problems);
                    return support;
                }
            }
        }

        if (layout.V2Mount is { } mount)
        {
            var candidates = new List<(string Base, string Where)>();
            if (!string.IsNullOrEmpty(configuredParent)) candidates.Add((configuredParent, $"in {ParentVariable}={configuredParent}"));
            else
            {
                if (layout.V2Own is { } own) candidates.Add((own, "under this process's cgroup"));
                if (layout.V2Own != mount) candidates.Add((mount, "at the hierarchy root, outside this process's cgroup"));
            }
            foreach (var (baseDirectory, where) in candidates)
            {
                if (TryV2(baseDirectory, where, problems) is { } v2)
                {
                    problem = null;
                    return v2;
                }
            }
        }
        else if (layout.V1.Count == 0)
        {
            problems.Add("no cgroup hierarchy is mounted");
        }

        problem = problems.Count == 0 ? "no usable cgroup memory or pids controller" : string.Join("; ", problems);
        return null;
    }

    private static string? TryParent(string? own, string controller, List<string> problems)
    {
        if (own is null) return null;
        var parent = Path.Combine(own, DirectoryName);
        try
        {
            Directory.CreateDirectory(parent);
            return parent;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problems.Add($"cgroup v1 {controller}: cannot create {parent} ({e.Message})");
            return null;
        }
    }

    private static CgroupV2Support? TryV2(string baseDirectory, string where, List<string> problems)
    {
        var available = (CgroupFiles.TryRead(Path.Combine(baseDirectory, "cgroup.controllers")) ?? "").Split(' ', '\n');
        if (!available.Contains("memory") || !available.Contains("pids"))
        {
            problems.Add($"cgroup v2 at {baseDirectory}: the memory and pids controllers are not available there");
            return null;
        }
        var parent = Path.Combine(baseDirectory, DirectoryName);
        try
        {
            EnableControllers(baseDirectory);
            Directory.CreateDirectory(parent);
            EnableControllers(parent);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problems.Add($"cgroup v2 at {baseDirectory}: cannot delegate memory and pids ({e.Message})");
            return null;
        }
        var support = new CgroupV2Support(parent, where);
        return Probe(support, problems) ? support : null;
    }

    /// <summary>Enables memory and pids for the children of <paramref name="directory"/> unless they already are.</summary>
    private static void EnableControllers(string directory)
    {
        var file = Path.Combine(directory, "cgroup.subtree_control");
        var enabled = (CgroupFiles.TryRead(file) ?? "").Split(' ', '\n');
        if (enabled.Contains("memory") && enabled.Contains("pids")) return;
        CgroupFiles.Write(file, "+memory +pids");
    }

    private static bool Probe(CgroupSupport support, List<string> problems)
    {
        try
        {
            support.RemoveStale();
            using var probe = support.Create(ResourceLimits.Default);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problems.Add($"{support.Description}: cannot create a worker cgroup ({e.Message})");
            return false;
        }
    }
}
