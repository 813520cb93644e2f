using System.Security.Cryptography;
using System.Text;
using CodeGrader.Core.Diagnostics;
using CodeGrader.Core.Exercises.Yaml;

namespace CodeGrader.Core.Exercises;

/// <summary>
/// Loads an exercise folder's exercise.yaml (docs/exercise-format.md): every field, every problem reported at once
/// as a diagnostic at its YAML location (<c>exercise.yaml(12,7): error CG2003: ...</c>). Never throws for a bad exercise.
/// </summary>
public static class ExerciseLoader
{
    public const string FileName = "exercise.yaml";

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static ExerciseLoadResult Load(string directory) => Load(directory, trees: null);

    /// <summary>As <see cref="Load(string)"/>, the YAML tree taken from <paramref name="trees"/> when kept there for these bytes, and kept there when parsed.</summary>
    internal static ExerciseLoadResult Load(string directory, YamlTreeCache? trees)
    {
        var path = Path.Combine(directory, FileName);
        var context = new LoadContext(path);
        if (!File.Exists(path))
        {
            var why = Directory.Exists(directory) ? $"the folder has no {FileName}" : "no such folder";
            context.Report(ExerciseDiagnostics.ExerciseFileMissing, Location.StartOf(path), $"{why}: {Path.GetFullPath(directory)}");
            return new ExerciseLoadResult(null, context.Diagnostics);
        }
        var bytes = File.ReadAllBytes(path);
        var key = trees is null ? null : YamlTreeCache.KeyOf(bytes);
        var root = key is null ? null : trees!.TryRead(key);
        if (root is null)
        {
            string text;
            try
            {
                text = StrictUtf8.GetString(bytes);
            }
            catch (DecoderFallbackException e)
            {
                context.Report(ExerciseDiagnostics.InvalidYaml, Location.StartOf(path), $"{FileName} is not UTF-8 (byte {e.Index})");
                return new ExerciseLoadResult(null, context.Diagnostics);
            }
            root = YamlTreeReader.Read(text.TrimStart('\uFEFF'), out var problem, out var anchored);
            if (problem is not null)
            {
                context.Report(ExerciseDiagnostics.InvalidYaml, new Location(path, new LinePositionSpan(problem.Position, problem.Position)), problem.Message);
                return new ExerciseLoadResult(null, context.Diagnostics);
            }
            if (key is not null && root is not null && !anchored) trees!.Write(key, root);
        }
        if (root is not YamlMapping mapping)
        {
            var what = root is null ? "is empty" : $"holds {root.Describe()}";
            context.Report(ExerciseDiagnostics.WrongType, root is null ? Location.StartOf(path) : context.At(root),
                $"{FileName} {what}; it must be a mapping with title, entry, statement, reference and tests");
            return new ExerciseLoadResult(null, context.Diagnostics);
        }
        var exercise = Read(mapping, directory, bytes, context);
        return new ExerciseLoadResult(context.HasErrors ? null : exercise, context.Diagnostics);
    }

    private static Exercise? Read(YamlMapping root, string directory, byte[] yamlBytes, LoadContext context)
    {
        context.CheckKeys(root, ExerciseKeys.TopLevel, FileName);
        var title = Required(root, "title", context) is { } t ? context.String(t, "title") : null;
        var kind = ReadKind(root, context);
        var entry = ReadEntry(root, kind, context);
        var statement = ReadPath(root, "statement", required: true, directory, context);
        var starter = ReadPath(root, "starter", required: false, directory, context);
        var reference = ReadPath(root, "reference", required: true, directory, context);
        var checker = ReadPath(root, "checker", required: false, directory, context);
        var limits = root.Find("limits") is { } l ? LimitsReader.Read(l.Value, context) : ExerciseLimits.Default;
        if (kind == ExerciseKind.Program)
        {
            foreach (var key in (string[])["tolerance", "unordered", "types"])
                if (root.Find(key) is { } misplaced)
                    context.Report(ExerciseDiagnostics.KeyNotForKind, misplaced.Key, $"'{key}' does not apply to a program exercise (its output is text, compared with 'compare')");
        }
        else if (root.Find("compare") is { } compare)
        {
            context.Report(ExerciseDiagnostics.KeyNotForKind, compare.Key, $"'compare' applies to program exercises only (this one is a {kind.ToString().ToLowerInvariant()} exercise)");
        }
        var comparison = ComparisonReader.Read(root, Comparison.ComparisonOptions.Default, context, FileName, checker.Path is not null);
        var restrictions = root.Find("restrictions") is { } r ? RestrictionsReader.Read(r.Value, context) : ExerciseRestrictions.None;
        var pythonTests = Path.Combine(directory, "tests.py");
        var hasPythonTests = File.Exists(pythonTests);
        if (hasPythonTests && kind == ExerciseKind.Program)
            context.Report(ExerciseDiagnostics.KeyNotForKind, Location.StartOf(pythonTests), "tests.py applies to function and class exercises; a program exercise's tests are stdin and stdout in exercise.yaml");
        var tests = (hasPythonTests ? root.Find("tests")?.Value : Required(root, "tests", context)) is { } testsNode
            ? new TestReader(context, kind, comparison, checker.Path is not null).ReadAll(testsNode)
            : [];
        if (title is null || statement.Path is null || reference.Path is null || context.HasErrors) return null;
        return new Exercise
        {
            Directory = directory,
            FilePath = context.FilePath,
            Title = title,
            Kind = kind,
            Entry = entry,
            StatementPath = statement.Path,
            StarterPath = starter.Path,
            ReferencePath = reference.Path,
            ReferenceLocation = reference.Location,
            CheckerPath = checker.Path,
            CheckerLocation = checker.Location,
            Limits = limits,
            LimitsLocation = root.Find("limits") is { } limitsEntry ? context.At(limitsEntry.Value) : null,
            Comparison = comparison,
            Restrictions = restrictions,
            Tests = tests,
            PythonTestsPath = hasPythonTests ? pythonTests : null,
            ContentHash = Hash(yamlBytes, reference.Path, hasPythonTests ? pythonTests : null),
        };
    }

    private static YamlValue? Required(YamlMapping root, string key, LoadContext context)
    {
        if (root.Find(key) is { } entry) return entry.Value;
        context.Report(ExerciseDiagnostics.MissingKey, Location.StartOf(context.FilePath),
            $"{FileName} has no '{key}'");
        return null;
    }

    private static ExerciseKind ReadKind(YamlMapping root, LoadContext context)
    {
        if (root.Find("kind") is not { } entry || context.String(entry.Value, "kind") is not { } text) return ExerciseKind.Function;
        switch (text)
        {
            case "function": return ExerciseKind.Function;
            case "program": return ExerciseKind.Program;
            case "class": return ExerciseKind.Class;
        }
        context.Report(ExerciseDiagnostics.InvalidChoice, entry.Value,
            $"kind must be 'function', 'program' or 'class', not '{text}'{KeySuggester.DidYouMean(text, ["function", "program", "class"])}");
        return ExerciseKind.Function;
    }

    private static string? ReadEntry(YamlMapping root, ExerciseKind kind, LoadContext context)
    {
        var entry = root.Find("entry");
        if (kind == ExerciseKind.Program)
        {
            if (entry is not null)
                context.Report(ExerciseDiagnostics.KeyNotForKind, entry.Key, "a program exercise has no 'entry': the submission is run as a script");
            return null;
        }
        if (entry is null)
        {
            var what = kind == ExerciseKind.Class ? "class" : "function";
            context.Report(ExerciseDiagnostics.MissingKey, Location.StartOf(context.FilePath),
                $"{FileName} has no 'entry' (the {what} name the submission must define)");
            return null;
        }
        if (context.String(entry.Value, "entry") is not { } name) return null;
        if (PythonNames.IsIdentifier(name)) return name;
        context.Report(ExerciseDiagnostics.InvalidIdentifier, entry.Value, $"entry must be a Python identifier, not '{name}'");
        return null;
    }

    private readonly record struct NamedFile(string? Path, Location? Location);

    /// <summary>A relative path inside the folder to a file that exists.</summary>
    private static NamedFile ReadPath(YamlMapping root, string key, bool required, string directory, LoadContext context)
    {
        if (root.Find(key) is not { } entry)
        {
            if (required) Required(root, key, context);
            return default;
        }
        if (context.String(entry.Value, key) is not { } relative) return default;
        var at = context.At(entry.Value);
        if (Path.IsPathRooted(relative) || relative.Contains('\\', StringComparison.Ordinal) || relative.Split('/').Contains(".."))
        {
            context.Report(ExerciseDiagnostics.PathOutsideFolder, entry.Value,
                $"{key} must be a path inside the exercise folder, written with '/' and without '..' (not '{relative}')");
            return default;
        }
        var full = Path.Combine(directory, relative);
        if (!File.Exists(full))
        {
            var nearby = Directory.Exists(directory)
                ? Directory.EnumerateFiles(directory).Select(Path.GetFileName).OfType<string>()
                : [];
            context.Report(ExerciseDiagnostics.MissingFile, entry.Value,
                $"the {key} file '{relative}' does not exist in {directory}{KeySuggester.DidYouMean(relative, nearby)}");
            return default;
        }
        return new NamedFile(full, at);
    }

    private static string Hash(byte[] yaml, string? referencePath, string? pythonTestsPath)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(yaml);
        sha.AppendData([0]);
        if (referencePath is not null) sha.AppendData(File.ReadAllBytes(referencePath));
        if (pythonTestsPath is not null)
        {
            sha.AppendData([0]);
            sha.AppendData(File.ReadAllBytes(pythonTestsPath));
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}
