using System.Text.Json;

namespace CodeGrader.Core.Batch;

/// <summary>
/// The batch's documents, made from results.jsonl's lines (<see cref="BatchDocumentsWriter"/>): report.json (every report
/// in one document, with the summary), junit.xml (one testsuite per submission), results.csv and summary.json. Each is
/// written to a temporary file and renamed into place, so none is ever seen half-written.
/// </summary>
public static class BatchDocuments
{
    public const string ReportFile = "report.json";
    public const string JUnitFile = "junit.xml";
    public const string CsvFile = "results.csv";
    public const string SummaryFile = "summary.json";

    /// <summary>Writes the documents from the batch's results.jsonl as it stands (a batch writes them as it goes).</summary>
    public static BatchSummary Write(string directory)
    {
        using var documents = new BatchDocumentsWriter(directory);
        var log = Path.Combine(directory, ResultsLog.FileName);
        if (File.Exists(log))
        {
            foreach (var (line, _) in ResultsLog.Lines(log)) documents.Add(line);
        }
        return documents.Finish();
    }

    public static void WriteSummary(Utf8JsonWriter json, BatchSummary summary)
    {
        json.WriteStartObject();
        json.WriteNumber("submissions", summary.Submissions);
        json.WriteStartObject("verdicts");
        foreach (var (verdict, count) in summary.Verdicts) json.WriteNumber(verdict, count);
        json.WriteEndObject();
        json.WriteNumber("mean_score", Math.Round(summary.MeanScore, 2));
        json.WriteStartObject("scores");
        foreach (var band in summary.Scores) json.WriteNumber(band.Range, band.Count);
        json.WriteEndObject();
        json.WriteStartArray("slowest");
        foreach (var slow in summary.Slowest)
        {
            json.WriteStartObject();
            json.WriteString("submission", slow.Submission);
            json.WriteNumber("total_ms", Math.Round(slow.TotalMs, 3));
            json.WriteString("verdict", slow.Verdict);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteStartArray("failing_tests");
        foreach (var test in summary.CatchingTests)
        {
            json.WriteStartObject();
            json.WriteString("exercise", test.Exercise);
            json.WriteString("test", test.Test);
            json.WriteNumber("submissions", test.Caught);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteNumber("unconfined", summary.Unconfined);
        json.WriteEndObject();
    }
}
