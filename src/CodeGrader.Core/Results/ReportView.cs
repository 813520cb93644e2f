namespace CodeGrader.Core.Results;

/// <summary>Who a report is for: the author sees everything; a candidate sees hidden tests only by name, status and time.</summary>
public enum ReportView
{
    Author,
    Candidate,
}
