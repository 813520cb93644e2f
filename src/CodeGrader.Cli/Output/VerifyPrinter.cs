using System.Globalization;
using CodeGrader.Core.Diagnostics;
using CodeGrader.Core.Grading;
using CodeGrader.Core.Verification;
using CodeGrader.Core.Results;

namespace CodeGrader.Cli.Output;

/// <summary>What <c>codegrader verify</c> prints: the reference, each solution against its folder, the starter, the calibration, then the diagnostics and a one-line result.</summary>
internal static class VerifyPrinter
{
    public static void Print(TextWriter output, VerificationReport report, string sandbox)
    {
        output.WriteLine($"verify {report.Directory}{(report.Title is { } title ? $" ({title})" : "")}");
        if (report.Reference is { } reference)
        {
            var passed = reference.Tests.Count(t => t.Status == TestStatus.Passed);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  reference: {VerdictRules.Name(reference.Verdict)}, {passed}/{reference.Tests.Length} tests passed"));
        }
        if (!report.Solutions.IsEmpty)
        {
            output.WriteLine("  solutions:");
            var width = report.Solutions.Max(s => Name(s).Length);
            foreach (var solution in report.Solutions)
            {
                var verdict = VerdictRules.Name(solution.Report.Verdict);
                var check = (solution.AsRequired ? "ok" : $"MISMATCH: requires {VerdictRules.Name(solution.Required)}") +
                    (solution.GradedAgain ? " (graded again alone: it timed out beside the other gradings)" : "");
                output.WriteLine($"    {Name(solution).PadRight(width)}  {verdict,-22} {check}");
            }
        }
        if (report.Starter is { } starter) output.WriteLine($"  starter: {VerdictRules.Name(starter.Verdict)}");
        if (report.Calibration is { } calibration) output.WriteLine($"  time limit: {calibration.Describe()}");
        if (report.Reference is not null) output.WriteLine($"  sandbox for solutions: {sandbox}");
        if (!report.Diagnostics.IsEmpty)
        {
            output.WriteLine();
            DiagnosticListPrinter.Print(output, report.Diagnostics);
        }
        var errors = report.Diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error);
        output.WriteLine();
        var warnings = Count(report.Warnings, "warning");
        output.WriteLine(report.Passed ? $"verify: OK ({warnings})" : $"verify: FAILED ({Count(errors, "error")}, {warnings})");
    }

    private static string Count(int count, string noun) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} {noun}{(count == 1 ? "" : "s")}");

    private static string Name(SolutionOutcome solution) => $"{solution.Folder}/{Path.GetFileName(solution.Path)}";
}
