using System.Text;
using CodeGrader.Core.Exercises;
using CodeGrader.Core.Exercises.Yaml;
using CodeGrader.Core.Tests.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace CodeGrader.Core.Tests.Exercises;

/// <summary>Parsed exercise.yaml trees kept on disk: read back as they were parsed, and never trusted when damaged or stale.</summary>
public sealed class YamlTreeCacheTests : IDisposable
{
    private const string Header = "title: Add\nentry: add\nstatement: statement.md\nreference: reference.py\n";

    private readonly string _cacheDirectory = Path.Combine(Path.GetTempPath(), "codegrader-tests", "trees-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly YamlTreeCache _cache;

    public YamlTreeCacheTests() => _cache = new YamlTreeCache(_cacheDirectory, NullLogger.Instance);

    public void Dispose()
    {
        if (Directory.Exists(_cacheDirectory)) Directory.Delete(_cacheDirectory, recursive: true);
    }

    [Theory]
    [MemberData(nameof(Repository.ShippedExercises), MemberType = typeof(Repository))]
    public void Every_shipped_exercise_loads_from_its_kept_tree_as_it_does_from_its_yaml(string name)
    {
        var directory = Repository.Exercise(name);
        var parsed = ExerciseLoader.Load(directory);

        var first = ExerciseLoader.Load(directory, _cache);
        File.Exists(KeptFile(directory)).ShouldBeTrue();
        var kept = ExerciseLoader.Load(directory, _cache);

        Describe(first).ShouldBe(Describe(parsed));
        Describe(kept).ShouldBe(Describe(parsed));
    }

    [Fact]
    public void A_tree_with_every_kind_of_node_reads_back_with_the_same_text_tags_styles_and_spans()
    {
        var yaml = """
            plain: 12
            quoted: '12'
            double: "tab\there é 漢字 😀"
            tagged: !!str 3
            custom: !thing { a: [1, 2, [3, {b: c}]] }
            empty:
            block: |
              line one
              line two
            folded: >-
              folded
              text
            list:
              - one
              - [two, 'three']
              - {}
              - []
            dup: 1
            dup: 2
            """;
        var tree = YamlTreeReader.Read(yaml, out var problem).ShouldNotBeNull(problem?.Message);

        var file = YamlTreeFile.Write(tree).ShouldNotBeNull();

        Dump(YamlTreeFile.Read(file).ShouldNotBeNull()).ShouldBe(Dump(tree));
        Dump(tree).ShouldContain("scalar 'tab\there é 漢字 😀'");
    }

    [Fact]
    public void A_tree_file_altered_anywhere_or_cut_short_reads_as_no_tree()
    {
        var tree = YamlTreeReader.Read("a: [1, 2]\nb: { c: d }\n", out _).ShouldNotBeNull();
        var file = YamlTreeFile.Write(tree).ShouldNotBeNull();

        for (var i = 0; i < file.Length; i++)
        {
            var altered = (byte[])file.Clone();
            altered[i] ^= 0x20;
            YamlTreeFile.Read(altered).ShouldBeNull($"byte {i} altered");
        }
        for (var length = 0; length < file.Length; length++)
            YamlTreeFile.Read(file.AsSpan(0, length)).ShouldBeNull($"cut to {length} bytes");
        YamlTreeFile.Read([.. file, 0]).ShouldBeNull("a byte added");
    }

    [Fact]
    public void Loading_reads_the_tree_kept_for_the_file_s_bytes_instead_of_parsing_them()
    {
        using var folder = new TempExercise(Header + "tests:\n  - { name: one, call: 'add(1, 2)' }\n");
        var planted = YamlTreeReader.Read(Header + "tests:\n  - { name: one, call: 'add(7, 7)' }\n", out _).ShouldNotBeNull();
        var kept = KeptFile(folder.Directory);
        Directory.CreateDirectory(Path.GetDirectoryName(kept)!);
        File.WriteAllBytes(kept, YamlTreeFile.Write(planted).ShouldNotBeNull());

        ExerciseLoader.Load(folder.Directory, _cache).Exercise.ShouldNotBeNull().Tests.ShouldHaveSingleItem().Call.ShouldBe("add(7, 7)");
        ExerciseLoader.Load(folder.Directory).Exercise.ShouldNotBeNull().Tests.ShouldHaveSingleItem().Call.ShouldBe("add(1, 2)");
    }

    [Fact]
    public void A_damaged_kept_tree_is_parsed_again_and_rewritten()
    {
        using var folder = new TempExercise(Header + "tests:\n  - { name: one, call: 'add(1, 2)' }\n  - { name: two, call: 'add(2, 3)' }\n");
        var parsed = Describe(ExerciseLoader.Load(folder.Directory, _cache));
        parsed.ShouldContain("add(2, 3)");
        var kept = KeptFile(folder.Directory);
        var whole = File.ReadAllBytes(kept);
        var damaged = (byte[])whole.Clone();
        damaged[^3] ^= 0x01;
        File.WriteAllBytes(kept, damaged);

        Describe(ExerciseLoader.Load(folder.Directory, _cache)).ShouldBe(parsed);

        File.ReadAllBytes(kept).ShouldBe(whole);
    }

    [Fact]
    public void An_edited_exercise_is_read_from_its_new_text_not_from_the_tree_kept_for_the_old()
    {
        using var folder = new TempExercise(Header + "tests:\n  - { name: one, call: 'add(1, 2)' }\n");
        ExerciseLoader.Load(folder.Directory, _cache).Exercise.ShouldNotBeNull().Tests.ShouldHaveSingleItem().Call.ShouldBe("add(1, 2)");

        folder.Write("exercise.yaml", Header + "tests:\n  - { name: one, call: 'add(40, 2)' }\n");

        ExerciseLoader.Load(folder.Directory, _cache).Exercise.ShouldNotBeNull().Tests.ShouldHaveSingleItem().Call.ShouldBe("add(40, 2)");
    }

    [Fact]
    public void A_file_with_anchors_or_a_syntax_error_is_never_kept()
    {
        using var anchored = new TempExercise(Header + "tests:\n  - { name: one, call: 'add(1, 2)', weight: &w 2 }\n  - { name: two, call: 'add(2, 3)', weight: *w }\n");
        using var broken = new TempExercise(Header + "tests: [\n");

        ExerciseLoader.Load(anchored.Directory, _cache).Exercise.ShouldNotBeNull().Tests.Length.ShouldBe(2);
        var error = ExerciseLoader.Load(broken.Directory, _cache);

        error.Succeeded.ShouldBeFalse();
        Describe(error).ShouldBe(Describe(ExerciseLoader.Load(broken.Directory)));
        File.Exists(KeptFile(anchored.Directory)).ShouldBeFalse();
        File.Exists(KeptFile(broken.Directory)).ShouldBeFalse();
    }

    private string KeptFile(string directory) => _cache.PathFor(YamlTreeCache.KeyOf(File.ReadAllBytes(Path.Combine(directory, ExerciseLoader.FileName))));

    /// <summary>What loading gave, as text: every diagnostic, then every test with its location, call and expectation.</summary>
    private static string Describe(ExerciseLoadResult result)
    {
        var text = new StringBuilder();
        foreach (var diagnostic in result.Diagnostics) text.AppendLine(diagnostic.ToString());
        if (result.Exercise is { } exercise)
        {
            text.AppendLine($"{exercise.Title} {exercise.Kind} {exercise.Entry} {exercise.Limits} {exercise.Comparison} {exercise.ContentHash}");
            foreach (var test in exercise.Tests)
                text.AppendLine($"{test.Index} {test.Name} {test.Location} {test.Sample} {test.Weight} {test.Describe()} {test.CallLocation} {test.Take} {test.Stdin} {test.Expectation} {test.Comparison}");
        }
        return text.ToString();
    }

    /// <summary>A tree as text: each node's kind, span, style, tag and text, nested.</summary>
    private static string Dump(YamlValue node) => node switch
    {
        YamlScalar s => $"scalar{(s.IsPlain ? "[plain]" : "")} '{s.Text}' {s.Tag} {s.Span}",
        YamlSequence q => $"list {q.Span} [{string.Join(", ", q.Items.Select(Dump))}]",
        YamlMapping m => $"mapping {m.Span} {{{string.Join(", ", m.Entries.Select(e => Dump(e.Key) + ": " + Dump(e.Value)))}}}",
        _ => throw new ArgumentException(node.GetType().Name),
    };
}
