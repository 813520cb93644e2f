using System.Text.Json;
using CodeGrader.Core.Reports;
using CodeGrader.Core.Results;

namespace CodeGrader.Core.Tests.Reports;

/// <summary>The JSON report: versioned, with the fields docs/report-format.md documents.</summary>
public sealed class JsonReportTests
{
    [Fact]
    public async Task The_report_is_versioned_and_has_the_documented_fields()
    {
        var report = await ReportFixtures.FailingEverywhereAsync();
        using var json = JsonDocument.Parse(ReportWriters.Render(report, ReportFormat.Json, ReportView.Author));
        var root = json.RootElement;
        root.GetProperty("schema").GetString().ShouldBe("codegrader/report@1");
        root.GetProperty("verdict").GetString().ShouldBe("wrong_answer");
        root.GetProperty("score").GetDouble().ShouldBe(report.Score);
        root.GetProperty("view").GetString().ShouldBe("author");
        root.GetProperty("exercise").GetProperty("title").GetString().ShouldBe("Echo");
        root.GetProperty("sandbox").GetProperty("confined").GetBoolean().ShouldBeFalse();
        var test = root.GetProperty("tests")[1];
        foreach (var field in (string[])["name", "sample", "status", "time_ms", "message", "call", "expected", "actual", "stdout"])
            test.TryGetProperty(field, out _).ShouldBeTrue(field);
        test.GetProperty("status").GetString().ShouldBe("failed");
        root.GetProperty("diagnostics").GetArrayLength().ShouldBe(0);
        root.GetProperty("timings").GetProperty("total_ms").GetDouble().ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task A_redacted_test_has_no_detail_fields_at_all()
    {
        var report = await ReportFixtures.FailingEverywhereAsync();
        using var json = JsonDocument.Parse(ReportWriters.Render(report, ReportFormat.Json, ReportView.Candidate));
        var hidden = json.RootElement.GetProperty("tests")[1];
        hidden.EnumerateObject().Select(p => p.Name).ShouldBe(["name", "sample", "weight", "status", "time_ms", "message", "redacted"]);
    }

    [Theory]
    [InlineData(ReportView.Author)]
    [InlineData(ReportView.Candidate)]
    public async Task A_report_read_back_from_its_json_has_every_test_as_it_was_written(ReportView view)
    {
        var written = ReportViews.For(await ReportFixtures.FailingEverywhereAsync(), view);
        using var json = JsonDocument.Parse(JsonReportWriter.ToLine(written, []));
        var read = JsonReportReader.Read(json.RootElement);

        read.Tests.Length.ShouldBe(written.Tests.Length);
        foreach (var (back, test) in read.Tests.Zip(written.Tests))
        {
            (back.Name, back.Sample, back.Weight, back.Status, back.Redacted).ShouldBe((test.Name, test.Sample, test.Weight, test.Status, test.Redacted));
            // An empty text is left out of the JSON, and reads back as none.
            string[] Texts(TestResult t) => [.. new[] { t.Message, t.Call, t.Stdin, t.Expected, t.Actual, t.Diff, t.Stdout, t.Stderr }.Select(x => x ?? "")];
            Texts(back).ShouldBe(Texts(test), test.Name);
            back.TimeMs.ShouldBe(test.TimeMs, 0.001);
            (back.Error?.Type, back.Error?.Message).ShouldBe((test.Error?.Type, test.Error?.Message), test.Name);
        }
        read.Tests.ShouldContain(t => t.Error != null || t.Redacted, "the fixture has an exception (or, for a candidate, a redacted test) to read back");
    }

    [Fact]
    public void A_test_without_a_name_is_not_read()
    {
        var line = """{"schema":"codegrader/report@1","view":"author","exercise":{"id":"e","title":"E"},"submission":"s.py","verdict":"accepted","score":100,"tests":[{"sample":false,"weight":1,"status":"passed","time_ms":1}],"diagnostics":[],"sandbox":{"description":"x","confined":false},"timings":{"total_ms":1,"prepare_ms":0,"tests_ms":1}}""";
        using var json = JsonDocument.Parse(line);
        Should.Throw<KeyNotFoundException>(() => JsonReportReader.Read(json.RootElement));
    }

    [Fact]
    public void Members_the_format_does_not_have_are_passed_over_wherever_they_are()
    {
        var line = """{"schema":"codegrader/report@1","key":"k1","x":{"deep":[1,{"a":[]}]},"view":"author","exercise":{"id":"e","extra":[1],"title":"E"},"submission":"s.py","verdict":"wrong_answer","score":50,"tests":[{"name":"t","sample":true,"weight":2,"status":"failed","time_ms":1.5,"later":{"v":[null]},"expected":"1","actual":null,"stderr":"boom"}],"diagnostics":[],"sandbox":{"description":"x","confined":true},"timings":{"total_ms":3,"prepare_ms":0,"tests_ms":1.5,"worker_start_ms":null},"retry":"grader_failed"}""";

        var read = JsonReportReader.Read(System.Text.Encoding.UTF8.GetBytes(line));

        (read.ExerciseId, read.Exercise, read.Verdict, read.Score, read.Sandbox.Confined).ShouldBe(("e", "E", Verdict.WrongAnswer, 50d, true));
        var test = read.Tests.ShouldHaveSingleItem();
        (test.Name, test.Sample, test.Weight, test.Status, test.TimeMs).ShouldBe(("t", true, 2d, TestStatus.Failed, 1.5));
        (test.Expected, test.Actual, test.Stderr).ShouldBe(("1", null, "boom"));
        read.Timings.WorkerStartMs.ShouldBeNull();
    }

    [Fact]
    public void A_report_followed_by_more_json_or_with_a_field_of_the_wrong_type_is_not_read()
    {
        const string Report = """{"schema":"codegrader/report@1","view":"author","exercise":{"id":"e","title":"E"},"submission":"s.py","verdict":"accepted","score":100,"tests":[],"diagnostics":[],"sandbox":{"description":"x","confined":false},"timings":{"total_ms":1,"prepare_ms":0,"tests_ms":1}}""";
        JsonReportReader.Read(System.Text.Encoding.UTF8.GetBytes(Report)).Verdict.ShouldBe(Verdict.Accepted);

        Should.Throw<JsonException>(() => JsonReportReader.Read(System.Text.Encoding.UTF8.GetBytes(Report + "{}")));
        Should.Throw<InvalidOperationException>(() => JsonReportReader.Read(System.Text.Encoding.UTF8.GetBytes(Report.Replace("\"score\":100", "\"score\":\"100\"", StringComparison.Ordinal))));
        Should.Throw<FormatException>(() => JsonReportReader.Read(System.Text.Encoding.UTF8.GetBytes(Report.Replace("accepted", "great", StringComparison.Ordinal))));
    }
}
