using CodeGrader.Core.Results;
namespace CodeGrader.Core.Reports;

public enum ReportFormat
{
    Text,
    Json,
    JUnit,
}

/// <summary>The writer for each format.</summary>
public static class ReportWriters
{
    internal static IReportWriter For(ReportFormat format, bool color = false) => format switch
    {
        ReportFormat.Json => new JsonReportWriter(),
        ReportFormat.JUnit => new JUnitReportWriter(),
        _ => new TextReportWriter(color),
    };

    /// <summary>Writes the report for its audience: the view is applied before any format sees it.</summary>
    public static string Render(GradeReport report, ReportFormat format, ReportView view, bool color = false)
    {
        using var output = new StringWriter(System.Globalization.CultureInfo.InvariantCulture) { NewLine = "\n" };
        For(format, color).Write(ReportViews.For(report, view), output);
        return output.ToString();
    }
}
