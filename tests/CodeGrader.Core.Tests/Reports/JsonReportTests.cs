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
}
