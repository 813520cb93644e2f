using System.Globalization;

namespace CodeGrader.Sandbox.Bubblewrap;

/// <summary>
/// Options that depend on the bubblewrap version: <c>--size</c> for a tmpfs arrived in 0.7.0 and
/// <c>--disable-userns</c> in 0.8.0 (Debian 12 ships 0.8.0; Ubuntu 22.04 ships 0.6.1). Without them the sandbox
/// still works: the scratch tmpfs is then bounded only by the memory cgroup, and nested user namespaces only by
/// the seccomp filter (which refuses <c>unshare</c> and namespace flags to <c>clone</c>).
/// </summary>
internal sealed record BubblewrapFeatures(bool TmpfsSize, bool DisableUserNamespaces)
{
    public static readonly BubblewrapFeatures All = new(true, true);

    /// <summary>From <c>bwrap --version</c>'s number, e.g. <c>0.8.0</c>; an unreadable version assumes the newest.</summary>
    public static BubblewrapFeatures FromVersion(string version)
    {
        var parts = version.Split('.');
        if (parts.Length < 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var major)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var minor))
        {
            return All;
        }
        var atLeast = (Func<int, int, bool>)((m, n) => major > m || (major == m && minor >= n));
        return new BubblewrapFeatures(atLeast(0, 7), atLeast(0, 8));
    }

    /// <summary>What is missing, for the description; null when nothing is.</summary>
    public string? Missing =>
        (TmpfsSize, DisableUserNamespaces) switch
        {
            (true, true) => null,
            (false, true) => "no --size: scratch bounded by the memory limit only",
            (true, false) => "no --disable-userns: nested user namespaces refused by seccomp only",
            _ => "no --size: scratch bounded by the memory limit only; no --disable-userns: nested user namespaces refused by seccomp only",
        };
}
