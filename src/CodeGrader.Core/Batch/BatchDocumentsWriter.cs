using System.Text;
using System.Text.Json;
using System.Xml;
using CodeGrader.Core.Reports;

namespace CodeGrader.Core.Batch;

/// <summary>
/// Writes the batch's documents (report.json, junit.xml, results.csv, summary.json) one results.jsonl line at a time,
/// so that a batch adds each report as it logs it and its end only closes them: read back at the end instead, 1,000
/// reports took 0.2-0.3 s after the last one was graded. Each document is written to a temporary file and renamed into
/// place by <see cref="Finish"/>, so none is ever seen half-written; disposed unfinished, the temporary files are deleted.
/// </summary>
internal sealed class BatchDocumentsWriter : IDisposable
{
    private const int FlushThreshold = 1 << 16;
    private static readonly string[] Documents = [BatchDocuments.ReportFile, BatchDocuments.CsvFile, BatchDocuments.JUnitFile, BatchDocuments.SummaryFile];

    private readonly string _directory;
    private readonly string _suites;
    private readonly FileStream _reportFile;
    private readonly Utf8JsonWriter _report;
    private readonly StreamWriter _csv;
    private readonly XmlWriter _junit;
    private readonly BatchSummary.Builder _summary = new();
    private JUnitReportWriter.SuiteCounts _counts;
    private bool _closed;
    private bool _finished;

    public BatchDocumentsWriter(string directory)
    {
        _directory = directory;
        _suites = Path.Combine(directory, ".junit-suites.tmp");
        _reportFile = Create(BatchDocuments.ReportFile);
        // Utf8JsonWriter does not close the stream it writes to; Close does.
        _report = new Utf8JsonWriter(_reportFile, new JsonWriterOptions { Indented = false });
        _csv = new StreamWriter(Create(BatchDocuments.CsvFile), new UTF8Encoding(false));
        _junit = XmlWriter.Create(_suites, new XmlWriterSettings { Indent = true, ConformanceLevel = ConformanceLevel.Fragment, Encoding = new UTF8Encoding(false) });
        _report.WriteStartObject();
        _report.WriteString("schema", "codegrader/batch@1");
        _report.WriteStartArray("submissions");
        _csv.WriteLine(BatchCsvRow.Header);
    }

    /// <summary>One line of results.jsonl (its newline may be left on): a report, as the batch logged it.</summary>
    public void Add(ReadOnlyMemory<byte> line)
    {
        ObjectDisposedException.ThrowIf(_closed, this);
        var json = line[..line.Span.TrimEnd((byte)'\n').Length];
        var graded = JsonReportReader.Read(json.Span);
        _report.WriteRawValue(json.Span);
        _summary.Add(graded);
        _csv.WriteLine(BatchCsvRow.For(graded));
        JUnitReportWriter.WriteSuite(_junit, graded);
        _counts = _counts.Add(JUnitReportWriter.SuiteCounts.Of(graded));
        // A Utf8JsonWriter keeps everything in its buffer until flushed: without this, report.json would be held whole
        // in memory, and the host's memory would grow with the batch.
        if (_report.BytesPending >= FlushThreshold) _report.Flush();
    }

    /// <summary>Closes the documents and puts each in place; the summary of every report added.</summary>
    public BatchSummary Finish()
    {
        ObjectDisposedException.ThrowIf(_closed, this);
        _report.WriteEndArray();
        var result = _summary.Build();
        _report.WritePropertyName("summary");
        BatchDocuments.WriteSummary(_report, result);
        _report.WriteEndObject();
        Close();
        Publish(BatchDocuments.ReportFile);
        Publish(BatchDocuments.CsvFile);
        WriteJUnit();
        using (var summaryFile = Create(BatchDocuments.SummaryFile))
        using (var json = new Utf8JsonWriter(summaryFile, new JsonWriterOptions { Indented = true }))
        {
            BatchDocuments.WriteSummary(json, result);
        }
        Publish(BatchDocuments.SummaryFile);
        _finished = true;
        return result;
    }

    public void Dispose()
    {
        if (_finished) return;
        Close();
        File.Delete(_suites);
        foreach (var name in Documents) File.Delete(Path.Combine(_directory, name + ".tmp"));
    }

    private void Close()
    {
        if (_closed) return;
        _closed = true;
        _report.Dispose();
        _reportFile.Dispose();
        _csv.Dispose();
        _junit.Dispose();
    }

    private void WriteJUnit()
    {
        using (var output = Create(BatchDocuments.JUnitFile))
        {
            using (var xml = XmlWriter.Create(output, new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false) }))
            {
                xml.WriteStartDocument();
                xml.WriteStartElement("testsuites");
                xml.WriteAttributeString("name", "codegrader batch");
                _counts.WriteAttributes(xml);
                xml.WriteString("\n");
                xml.Flush();
                using (var fragments = File.OpenRead(_suites)) fragments.CopyTo(output);
                xml.WriteEndElement();
                xml.WriteEndDocument();
            }
        }
        File.Delete(_suites);
        Publish(BatchDocuments.JUnitFile);
    }

    private FileStream Create(string name) => new(Path.Combine(_directory, name + ".tmp"), FileMode.Create, FileAccess.Write);

    private void Publish(string name) =>
        File.Move(Path.Combine(_directory, name + ".tmp"), Path.Combine(_directory, name), overwrite: true);
}
