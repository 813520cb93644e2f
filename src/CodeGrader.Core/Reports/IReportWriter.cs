using CodeGrader.Core.Results;
namespace CodeGrader.Core.Reports;

/// <summary>One output format of a <see cref="GradeReport"/>: a name and one method. It prints what it is given, nothing more.</summary>
internal interface IReportWriter
{
    /// <summary>"text", "json" or "junit".</summary>
    string Format { get; }

    void Write(GradeReport report, TextWriter output);
}
