using System.Collections.Immutable;
using CodeGrader.Core.Grading;
using CodeGrader.Core.Reports;
using CodeGrader.Core.Results;

namespace CodeGrader.Core.Batch;

/// <summary>A submission among the slowest of a batch.</summary>
public sealed record SlowSubmission(string Submission, double TotalMs, string Verdict);

/// <summary>A test and how many submissions it caught (did not pass).</summary>
public sealed record CatchingTest(string Exercise, string Test, int Caught);

/// <summary>A band of scores and how many submissions fell in it.</summary>
public sealed record ScoreBand(string Range, int Count);

/// <summary>What a batch came to, for the closing summary and summary.json. Built from the results log one report at a time.</summary>
public sealed record BatchSummary(
    int Submissions,
    ImmutableArray<KeyValuePair<string, int>> Verdicts,
    ImmutableArray<ScoreBand> Scores,
    double MeanScore,
    ImmutableArray<SlowSubmission> Slowest,
    ImmutableArray<CatchingTest> CatchingTests,
    int Unconfined)
{
    public const int SlowestShown = 5;
    public const int CatchingTestsShown = 10;

    /// <summary>Accumulates reports; keeps only counts and the few slowest, never the reports themselves.</summary>
    public sealed class Builder
    {
        private static readonly (string Range, double Low, double High)[] Bands =
            [("0", 0, 0), ("1-49", double.Epsilon, 50), ("50-99", 50, 100), ("100", 100, 100)];

        private readonly Dictionary<Verdict, int> _verdicts = [];
        private readonly int[] _bands = new int[Bands.Length];
        private readonly Dictionary<(string, string), int> _caught = [];
        private readonly PriorityQueue<SlowSubmission, double> _slowest = new();
        private int _count;
        private double _scoreSum;
        private int _unconfined;

        public void Add(GradeReport report)
        {
            _count++;
            _scoreSum += report.Score;
            _verdicts[report.Verdict] = _verdicts.GetValueOrDefault(report.Verdict) + 1;
            _bands[Band(report.Score)]++;
            if (!report.Sandbox.Confined) _unconfined++;
            foreach (var test in report.Tests.Where(t => t.Status is not (TestStatus.Passed or TestStatus.NotRun)))
            {
                var key = (report.ExerciseId, test.Name);
                _caught[key] = _caught.GetValueOrDefault(key) + 1;
            }
            _slowest.Enqueue(new SlowSubmission(report.Submission, report.Timings.TotalMs, VerdictRules.Name(report.Verdict)), report.Timings.TotalMs);
            if (_slowest.Count > SlowestShown) _slowest.Dequeue();
        }

        private static int Band(double score)
        {
            if (score <= 0) return 0;
            if (score >= 100) return 3;
            return score < 50 ? 1 : 2;
        }

        public BatchSummary Build() => new(
            _count,
            [.. _verdicts.OrderByDescending(v => v.Value).ThenBy(v => v.Key).Select(v => new KeyValuePair<string, int>(VerdictRules.Name(v.Key), v.Value))],
            [.. Bands.Select((band, i) => new ScoreBand(band.Range, _bands[i]))],
            _count == 0 ? 0 : _scoreSum / _count,
            [.. _slowest.UnorderedItems.Select(i => i.Element).OrderByDescending(s => s.TotalMs)],
            [.. _caught.OrderByDescending(c => c.Value).ThenBy(c => c.Key.Item1, StringComparer.Ordinal).ThenBy(c => c.Key.Item2, StringComparer.Ordinal)
                .Take(CatchingTestsShown).Select(c => new CatchingTest(c.Key.Item1, c.Key.Item2, c.Value))],
            _unconfined);
    }
}
