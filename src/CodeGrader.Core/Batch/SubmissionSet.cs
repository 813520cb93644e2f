using System.Collections.Immutable;
using System.Text.RegularExpressions;
using CodeGrader.Core.Results;

namespace CodeGrader.Core.Batch;

/// <summary>
/// Expands what <c>codegrader batch</c> was given into submissions: a folder (every <c>*.py</c> under it), a glob
/// (<c>subs/**/*.py</c>, <c>subs/*/solution.py</c>), or a manifest (<c>*.tsv</c> / <c>*.csv</c>: one
/// <c>submission[,exercise-dir]</c> per line, paths relative to the manifest; lines without an exercise use the
/// default one). Sorted by name so every run sees the same order.
/// </summary>
public static partial class SubmissionSet
{
    public static ImmutableArray<BatchItem> Expand(string submissions, string? defaultExercise)
    {
        if (Directory.Exists(submissions))
        {
            var root = Path.GetFullPath(submissions);
            return Sorted(Directory.EnumerateFiles(root, "*.py", SearchOption.AllDirectories)
                .Select(path => Item(path, root, RequireExercise(defaultExercise, path))));
        }
        if (File.Exists(submissions) && (submissions.EndsWith(".tsv", StringComparison.OrdinalIgnoreCase) || submissions.EndsWith(".csv", StringComparison.OrdinalIgnoreCase)))
        {
            return Manifest(Path.GetFullPath(submissions), defaultExercise);
        }
        if (submissions.Contains('*', StringComparison.Ordinal) || submissions.Contains('?', StringComparison.Ordinal))
        {
            return Glob(submissions, defaultExercise);
        }
        if (File.Exists(submissions))
        {
            var path = Path.GetFullPath(submissions);
            return [Item(path, Path.GetDirectoryName(path)!, RequireExercise(defaultExercise, path))];
        }
        throw new BatchInputException($"'{submissions}' is not a folder, a glob that matches files, a manifest (.tsv or .csv) or a file.");
    }

    private static ImmutableArray<BatchItem> Manifest(string manifest, string? defaultExercise)
    {
        var root = Path.GetDirectoryName(manifest)!;
        var items = new List<BatchItem>();
        var lineNumber = 0;
        foreach (var raw in File.ReadLines(manifest))
        {
            lineNumber++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var fields = line.Split(manifest.EndsWith(".tsv", StringComparison.OrdinalIgnoreCase) ? '\t' : ',').Select(f => f.Trim()).ToArray();
            if (lineNumber == 1 && fields[0].Equals("submission", StringComparison.OrdinalIgnoreCase)) continue; // a header
            var path = Path.GetFullPath(Path.Combine(root, fields[0]));
            if (!File.Exists(path)) throw new BatchInputException($"{manifest}({lineNumber}): no such submission: {fields[0]}");
            var exercise = fields.Length > 1 && fields[1].Length > 0 ? Path.GetFullPath(Path.Combine(root, fields[1])) : defaultExercise;
            items.Add(Item(path, root, exercise ?? throw new BatchInputException($"{manifest}({lineNumber}): no exercise for {fields[0]}, and no default exercise was given.")));
        }
        return Sorted(items);
    }

    private static ImmutableArray<BatchItem> Glob(string pattern, string? defaultExercise)
    {
        var full = Path.GetFullPath(pattern);
        var firstWild = full.IndexOfAny(['*', '?']);
        var root = full[..(full.LastIndexOf('/', firstWild) + 1)].TrimEnd('/');
        if (root.Length == 0) root = "/";
        var regex = GlobRegex(full);
        if (!Directory.Exists(root)) throw new BatchInputException($"the glob '{pattern}' starts in '{root}', which does not exist.");
        var items = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Where(path => regex.IsMatch(path))
            .Select(path => Item(path, root, RequireExercise(defaultExercise, path)))
            .ToList();
        if (items.Count == 0) throw new BatchInputException($"the glob '{pattern}' matches no file.");
        return Sorted(items);
    }

    /// <summary><c>**</c> any folders, <c>*</c> anything but '/', <c>?</c> one character but '/'.</summary>
    internal static Regex GlobRegex(string pattern)
    {
        var text = Regex.Escape(pattern).Replace(@"\*\*/", "(?:.*/)?", StringComparison.Ordinal)
            .Replace(@"\*\*", ".*", StringComparison.Ordinal).Replace(@"\*", "[^/]*", StringComparison.Ordinal).Replace(@"\?", "[^/]", StringComparison.Ordinal);
        return new Regex("^" + text + "$", RegexOptions.CultureInvariant);
    }

    private static string RequireExercise(string? exercise, string path) =>
        exercise ?? throw new BatchInputException($"no exercise folder was given for {path}.");

    private static BatchItem Item(string path, string root, string exercise) =>
        new(path, Path.GetRelativePath(root, path), Path.GetFullPath(exercise));

    private static ImmutableArray<BatchItem> Sorted(IEnumerable<BatchItem> items)
    {
        var sorted = items.OrderBy(i => i.Name, StringComparer.Ordinal).ThenBy(i => i.ExerciseDirectory, StringComparer.Ordinal).ToImmutableArray();
        if (sorted.IsEmpty) throw new BatchInputException("there are no submissions to grade.");
        return sorted;
    }
}

/// <summary>The batch's input is unusable: bad usage, reported without grading anything.</summary>
public sealed class BatchInputException(string message) : Exception(message);
