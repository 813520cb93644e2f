using CodeGrader.Core.Reports;
using CodeGrader.Core.Results;

namespace CodeGrader.Core.Grading;

/// <summary>
/// Something that happened while a submission was graded, reported as it happens so a front end can show progress.
/// Events arrive in order, on the grading thread; <see cref="ForView"/> gives what a candidate may see of one, which
/// is never more than the candidate report would show.
/// </summary>
public abstract record GradingEvent
{
    /// <summary>The submission's name, as its report names it.</summary>
    public required string Submission { get; init; }

    /// <summary>This event as <paramref name="view"/> shows it.</summary>
    public virtual GradingEvent ForView(ReportView view) => this;
}

/// <summary>A test is about to run. <see cref="Index"/> is its place in the exercise file.</summary>
public sealed record TestStarted(int Index, string Name, bool Sample) : GradingEvent;

/// <summary>A test has its result (author view; <see cref="GradingEvent.ForView"/> redacts a hidden test for the candidate).</summary>
public sealed record TestFinished(int Index, TestResult Result) : GradingEvent
{
    public override GradingEvent ForView(ReportView view) => this with { Result = ReportViews.For(Result, view) };
}
