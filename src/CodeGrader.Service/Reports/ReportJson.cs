using System.Text.Json;
using System.Text.Json.Nodes;
using CodeGrader.Core.Reports;
using CodeGrader.Core.Results;

namespace CodeGrader.Service.Reports;

/// <summary>report@1 in and out, through Core's own writer and reader, so the API's shapes are the CLI's.</summary>
public static class ReportJson
{
    private static readonly JsonReportWriter Writer = new();

    public static string Write(GradeReport report)
    {
        using var text = new StringWriter();
        Writer.Write(report, text);
        return text.ToString();
    }

    public static GradeReport Read(string json)
    {
        using var document = JsonDocument.Parse(json);
        return JsonReportReader.Read(document.RootElement);
    }

    /// <summary>The stored (author-view) report as <paramref name="view"/> shows it, as a JSON node.</summary>
    public static JsonNode InView(string authorJson, ReportView view) =>
        JsonNode.Parse(view == ReportView.Author ? authorJson : Write(ReportViews.For(Read(authorJson), view)))!;

    public static JsonNode Node(GradeReport report) => JsonNode.Parse(Write(report))!;

    /// <summary>One test exactly as a report@1 <c>tests[]</c> entry (Core writes tests only inside a report, so this
    /// writes a report holding the one test and takes it out).</summary>
    public static JsonNode Test(TestResult test)
    {
        var tests = Node(Holder([test]))["tests"]!.AsArray();
        var node = tests[0]!;
        tests.Clear();
        return node;
    }

    /// <summary>A <c>tests[]</c> entry read back (through Core's reader, inside a report holding only it).</summary>
    public static TestResult ReadTest(JsonNode test)
    {
        var holder = Node(Holder([]));
        holder["tests"]!.AsArray().Add(test.DeepClone());
        return Read(holder.ToJsonString()).Tests[0];
    }

    private static GradeReport Holder(IReadOnlyList<TestResult> tests) => new()
    {
        Exercise = "", ExerciseId = "", Submission = "", Verdict = Verdict.InternalError, Score = 0,
        Tests = [.. tests], Sandbox = new SandboxInfo("", false), Timings = new GradeTimings(0, 0, null, null, 0),
    };
}
