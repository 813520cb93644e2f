using System.Text.Json;
using CodeGrader.Core.Exercises;
using CodeGrader.Core.Exercises.Yaml;
using CodeGrader.Core.Tests.TestSupport;

namespace CodeGrader.Core.Tests.Exercises;

/// <summary>docs/exercise.schema.json agrees with the loader and with every shipped exercise.</summary>
public sealed class ExerciseSchemaTests
{
    private static readonly MiniJsonSchema Schema = MiniJsonSchema.Load(Path.Combine(Repository.Root, "docs", "exercise.schema.json"));

    private static List<string> Validate(string yaml) =>
        Schema.Validate(MiniJsonSchema.FromYaml(YamlTreeReader.Read(yaml, out var problem) ?? throw new InvalidOperationException(problem?.Message)));

    private static IEnumerable<string> Declared(JsonElement objectSchema) => objectSchema.GetProperty("properties").EnumerateObject().Select(p => p.Name);

    private static JsonElement Def(string name) => Schema.Root.GetProperty("$defs").GetProperty(name);

    [Fact]
    public void The_schema_is_draft_2020_12()
    {
        Schema.Root.GetProperty("$schema").GetString().ShouldBe("https://json-schema.org/draft/2020-12/schema");
    }

    [Fact]
    public void The_schema_declares_exactly_the_keys_the_loader_knows()
    {
        Declared(Schema.Root).ShouldBe(ExerciseKeys.TopLevel, ignoreOrder: true);
        Declared(Def("limits")).ShouldBe(ExerciseKeys.Limits, ignoreOrder: true);
        Declared(Def("tolerance").GetProperty("oneOf")[1]).ShouldBe(ExerciseKeys.Tolerance, ignoreOrder: true);
        Declared(Def("restrictions")).ShouldBe(ExerciseKeys.Restrictions, ignoreOrder: true);
        Declared(Def("functionTest")).ShouldBe(ExerciseKeys.FunctionTest, ignoreOrder: true);
        Declared(Def("classTest")).ShouldBe(ExerciseKeys.ClassTest, ignoreOrder: true);
        Declared(Def("programTest")).ShouldBe(ExerciseKeys.ProgramTest, ignoreOrder: true);
        Declared(Def("step")).ShouldBe(ExerciseKeys.Step, ignoreOrder: true);
    }

    public static TheoryData<string> Exercises() => Repository.ShippedExercises();

    [Theory]
    [MemberData(nameof(Exercises))]
    public void Every_shipped_exercise_is_valid_under_the_schema(string name)
    {
        var errors = Validate(File.ReadAllText(Path.Combine(Repository.Exercise(name), "exercise.yaml")));
        errors.ShouldBeEmpty(string.Join("\n", errors));
    }

    [Theory]
    [MemberData(nameof(Exercises))]
    public void Every_key_a_shipped_exercise_uses_is_declared_by_the_schema(string name)
    {
        var root = (YamlMapping)YamlTreeReader.Read(File.ReadAllText(Path.Combine(Repository.Exercise(name), "exercise.yaml")), out _)!;
        var declared = Declared(Schema.Root).ToHashSet();
        foreach (var key in root.Entries.Select(e => e.Name!).Where(k => !ExerciseKeys.IsExtension(k))) declared.ShouldContain(key);
        var testKeys = new[] { "functionTest", "classTest", "programTest" }.SelectMany(d => Declared(Def(d))).ToHashSet();
        var stepKeys = Declared(Def("step")).ToHashSet();
        // An exercise whose tests are all in tests.py has no tests: key.
        foreach (var test in (root.Find("tests")?.Value as YamlSequence)?.Items.Cast<YamlMapping>() ?? [])
        {
            foreach (var key in test.Entries.Select(e => e.Name!).Where(k => !ExerciseKeys.IsExtension(k))) testKeys.ShouldContain(key);
            if (test.Find("steps")?.Value is YamlSequence steps)
            {
                foreach (var key in steps.Items.Cast<YamlMapping>().SelectMany(s => s.Entries).Select(e => e.Name!).Where(k => !ExerciseKeys.IsExtension(k)))
                    stepKeys.ShouldContain(key);
            }
        }
    }

    private const string Function = "title: t\nstatement: s.md\nreference: r.py\nentry: f\ntests:\n  - name: a\n    call: f()\n";

    [Theory]
    [InlineData("tittle: x\n")]
    [InlineData("limits: { time: 2 }\n")]
    [InlineData("compare: exact\n")]
    [InlineData("tests: []\n")]
    public void The_schema_rejects_what_the_loader_rejects(string change)
    {
        var key = change[..change.IndexOf(':', StringComparison.Ordinal)];
        var kept = Function.Split('\n').Where(l => !l.StartsWith(key + ":", StringComparison.Ordinal) || key == "tittle");
        var yaml = key == "tests" ? Function[..Function.IndexOf("tests:", StringComparison.Ordinal)] + change : string.Join("\n", kept) + change;
        Validate(yaml).ShouldNotBeEmpty();
        Validate(Function).ShouldBeEmpty();
    }

    [Fact]
    public void A_program_exercise_with_an_entry_is_invalid_under_the_schema()
    {
        Validate("title: t\nkind: program\nentry: f\nstatement: s.md\nreference: r.py\ntests:\n  - name: a\n    stdin: x\n").ShouldNotBeEmpty();
        Validate("title: t\nkind: program\nstatement: s.md\nreference: r.py\ntests:\n  - name: a\n    stdin: x\n").ShouldBeEmpty();
    }

    [Fact]
    public void A_step_with_both_do_and_call_is_invalid_under_the_schema()
    {
        const string Yaml = "title: t\nkind: class\nentry: C\nstatement: s.md\nreference: r.py\ntests:\n  - name: a\n    steps:\n      - do: c = C()\n        call: c.f()\n";
        Validate(Yaml).ShouldNotBeEmpty();
    }
}
