namespace CodeGrader.Sandbox.Cgroups;

/// <summary>
/// Where this process's own cgroups live, per controller: read from <c>/proc/self/mountinfo</c> (which
/// hierarchy is mounted where, and from which root) and <c>/proc/self/cgroup</c> (this process's path in each).
/// </summary>
/// <param name="V1">Controller name (<c>memory</c>, <c>pids</c>, <c>freezer</c>) to this process's cgroup directory in that v1 hierarchy.</param>
/// <param name="V2Own">This process's cgroup directory in the unified (v2) hierarchy, when one is mounted.</param>
/// <param name="V2Mount">Where the unified hierarchy is mounted.</param>
internal sealed record CgroupLayout(IReadOnlyDictionary<string, string> V1, string? V2Own, string? V2Mount)
{
    public static CgroupLayout ReadCurrent() =>
        Parse(File.ReadAllText("/proc/self/mountinfo"), File.ReadAllText("/proc/self/cgroup"));

    public static CgroupLayout Parse(string mountInfo, string procCgroup)
    {
        var v1Mounts = new Dictionary<string, (string Root, string MountPoint)>(StringComparer.Ordinal);
        (string Root, string MountPoint)? v2Mount = null;
        foreach (var line in mountInfo.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            // id parent major:minor root mount-point options [optional fields...] - fstype source super-options
            var fields = line.Split(' ');
            var separator = Array.IndexOf(fields, "-");
            if (separator < 5 || fields.Length < separator + 4) continue;
            var root = Unescape(fields[3]);
            var mountPoint = Unescape(fields[4]);
            switch (fields[separator + 1])
            {
                case "cgroup":
                    foreach (var option in fields[separator + 3].Split(','))
                    {
                        v1Mounts.TryAdd(option, (root, mountPoint));
                    }
                    break;
                case "cgroup2":
                    // Prefer the mount at /sys/fs/cgroup when several exist.
                    if (v2Mount is null || mountPoint == "/sys/fs/cgroup") v2Mount = (root, mountPoint);
                    break;
            }
        }

        var v1 = new Dictionary<string, string>(StringComparer.Ordinal);
        string? v2Own = null;
        foreach (var line in procCgroup.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            // hierarchy-id:controller-list:path
            var first = line.IndexOf(':', StringComparison.Ordinal);
            var second = first < 0 ? -1 : line.IndexOf(':', first + 1);
            if (second < 0) continue;
            var controllers = line[(first + 1)..second];
            var path = line[(second + 1)..];
            if (controllers.Length == 0)
            {
                if (v2Mount is { } m && Resolve(m.Root, m.MountPoint, path) is { } dir) v2Own = dir;
                continue;
            }
            foreach (var controller in controllers.Split(','))
            {
                if (v1Mounts.TryGetValue(controller, out var mount) && Resolve(mount.Root, mount.MountPoint, path) is { } dir)
                {
                    v1[controller] = dir;
                }
            }
        }
        return new CgroupLayout(v1, v2Own, v2Mount?.MountPoint);
    }

    /// <summary>The directory of cgroup <paramref name="path"/> in a hierarchy mounted from <paramref name="root"/>.</summary>
    private static string? Resolve(string root, string mountPoint, string path)
    {
        if (root == "/") return mountPoint.TrimEnd('/') + (path == "/" ? "" : path);
        if (path == root) return mountPoint;
        if (path.StartsWith(root + "/", StringComparison.Ordinal)) return mountPoint.TrimEnd('/') + path[root.Length..];
        return null; // our cgroup is outside what is mounted here
    }

    /// <summary>mountinfo escapes space, tab, newline and backslash as octal.</summary>
    private static string Unescape(string field) =>
        field.Replace("\\040", " ", StringComparison.Ordinal).Replace("\\011", "\t", StringComparison.Ordinal)
             .Replace("\\012", "\n", StringComparison.Ordinal).Replace("\\134", "\\", StringComparison.Ordinal);
}
