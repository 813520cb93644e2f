using System.Text.Json;
using CodeGrader.Service.Storage;

namespace CodeGrader.Service.Submissions;

/// <summary>How many submissions of one score band.</summary>
public sealed record ScoreBand(int From, int To, int Count);

/// <summary>A test and how many graded submissions it caught (did not pass).</summary>
public sealed record TestCatches(string Name, bool Sample, int Caught);

/// <summary>An exercise's submissions summed up for its authors: how many, by status and by verdict, the scores in
/// ten bands (the last holds 100), the mean score, and the tests that caught the most submissions.</summary>
public sealed record ExerciseStatistics(
    string Exercise, int Submissions, int Graded, IReadOnlyDictionary<string, int> Statuses, IReadOnlyDictionary<string, int> Verdicts,
    double? MeanScore, IReadOnlyList<ScoreBand> Scores, IReadOnlyList<TestCatches> Tests)
{
    public static ExerciseStatistics Of(string exercise, IReadOnlyList<StoredSubmission> submissions)
    {
        var graded = submissions.Where(s => s.Status == SubmissionStatus.Graded).ToList();
        var bands = new int[10];
        foreach (var s in graded) bands[Math.Clamp((int)Math.Floor((s.Score ?? 0) / 10), 0, 9)]++;
        var caught = new Dictionary<string, (bool Sample, int Count)>(StringComparer.Ordinal);
        foreach (var s in graded)
        {
            if (s.ReportJson is null) continue;
            using var report = JsonDocument.Parse(s.ReportJson);
            if (!report.RootElement.TryGetProperty("tests", out var tests)) continue;
            foreach (var test in tests.EnumerateArray())
            {
                var name = test.GetProperty("name").GetString() ?? "";
                var sample = test.TryGetProperty("sample", out var flag) && flag.GetBoolean();
                var failed = test.GetProperty("status").GetString() is not ("passed" or "not_run");
                var now = caught.GetValueOrDefault(name, (Sample: sample, Count: 0));
                caught[name] = (sample, now.Count + (failed ? 1 : 0));
            }
        }
        return new(
            exercise, submissions.Count, graded.Count,
            Count(submissions.Select(s => s.Status)),
            Count(graded.Select(s => s.Verdict ?? "none")),
            graded.Count == 0 ? null : Math.Round(graded.Average(s => s.Score ?? 0), 2),
            [.. bands.Select((count, i) => new ScoreBand(i * 10, i == 9 ? 100 : i * 10 + 9, count))],
            [.. caught.Where(c => c.Value.Count > 0).OrderByDescending(c => c.Value.Count).ThenBy(c => c.Key, StringComparer.Ordinal)
                .Select(c => new TestCatches(c.Key, c.Value.Sample, c.Value.Count))]);
    }

    private static Dictionary<string, int> Count(IEnumerable<string> values) =>
        values.GroupBy(v => v, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
}
