namespace CodeGrader.Sandbox.Bubblewrap;

/// <summary>
/// The host paths a sandbox sees, each at its own path and read-only, with every symbolic link met on the way
/// recreated as a link (so <c>/lib64/ld-linux-x86-64.so.2</c> resolves inside as it does outside, through
/// <c>/lib64 -> usr/lib64</c> and on). Nothing else of the host is visible.
/// </summary>
internal sealed class ReadOnlyView
{
    private readonly SortedSet<string> _binds = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, string> _links = new(StringComparer.Ordinal);
    private readonly SortedSet<string> _hidden = new(StringComparer.Ordinal);

    /// <summary>Makes <paramref name="path"/> (file or directory) visible; false when it does not exist.</summary>
    public bool Add(string path) => Add(Path.GetFullPath(path), 0);

    /// <summary>Covers a directory inside a visible one with an empty read-only file system.</summary>
    public void Hide(string directory)
    {
        if (Directory.Exists(directory)) _hidden.Add(Path.GetFullPath(directory));
    }

    /// <summary>The real paths bound, minus those inside another bound directory.</summary>
    public IReadOnlyList<string> Binds =>
        _binds.Where(b => !_binds.Any(other => IsInside(b, other))).OrderBy(b => b, StringComparer.Ordinal).ToArray();

    /// <summary>The links to recreate, minus those inside a bound directory (already there).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Links =>
        _links.Where(l => !_binds.Any(b => IsInside(l.Key, b))).ToArray();

    /// <summary>Hidden directories that lie inside a bound one (hiding anything else would create it).</summary>
    public IReadOnlyList<string> Hidden => _hidden.Where(h => _binds.Any(b => IsInside(h, b))).ToArray();

    /// <summary>bubblewrap arguments: binds first (parents before children), then links, then what is hidden.</summary>
    public IEnumerable<string> Arguments()
    {
        foreach (var bind in Binds)
        {
            yield return "--ro-bind";
            yield return bind;
            yield return bind;
        }
        foreach (var (path, target) in Links)
        {
            yield return "--symlink";
            yield return target;
            yield return path;
        }
        foreach (var hidden in Hidden)
        {
            yield return "--tmpfs";
            yield return hidden;
            yield return "--remount-ro";
            yield return hidden;
        }
    }

    private bool Add(string path, int depth)
    {
        if (depth > 40) return false; // a loop of links
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var current = "/";
        for (var i = 0; i < parts.Length; i++)
        {
            var next = current == "/" ? "/" + parts[i] : current + "/" + parts[i];
            if (new FileInfo(next).LinkTarget is { } target)
            {
                _links[next] = target;
                var resolved = Path.IsPathRooted(target) ? target : Path.Combine(current, target);
                var rest = string.Join('/', parts.Skip(i + 1));
                return Add(Path.GetFullPath(rest.Length == 0 ? resolved : Path.Combine(resolved, rest)), depth + 1);
            }
            if (!File.Exists(next) && !Directory.Exists(next)) return false;
            current = next;
        }
        _binds.Add(current);
        return true;
    }

    private static bool IsInside(string path, string directory) =>
        path.Length > directory.Length && path.StartsWith(directory, StringComparison.Ordinal)
        && (directory == "/" || path[directory.Length] == '/');
}
