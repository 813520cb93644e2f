using CodeGrader.Core.Reports;
using CodeGrader.Core.Results;

namespace CodeGrader.Core.Batch;

/// <summary>How a batch runs. Immutable; change with <c>with</c>.</summary>
public sealed record BatchOptions
{
    /// <summary>Submissions graded at once (default: one per core).</summary>
    public int Jobs { get; init; } = Environment.ProcessorCount;

    /// <summary>The folder for results.jsonl, report.json, junit.xml, results.csv and summary.json.</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>Keep what an earlier, interrupted run wrote and grade only the rest.</summary>
    public bool Resume { get; init; }

    /// <summary>Whose reports the outputs hold.</summary>
    public ReportView View { get; init; } = ReportView.Author;
}
