using System.Collections.Immutable;
using CodeGrader.Core.Grading;
using CodeGrader.Core.Results;

namespace CodeGrader.Core.Batch;

/// <summary>Where a batch stands: what a progress display shows. Immutable; a new one after every exercise prepared and every submission graded.</summary>
/// <param name="Done">Submissions graded so far in this run.</param>
/// <param name="Total">Submissions this run has to grade (those already in the log on resume are not counted).</param>
/// <param name="Elapsed">Since grading started.</param>
/// <param name="Verdicts">How many of each verdict so far.</param>
/// <param name="Last">The submission just finished, with its verdict.</param>
public sealed record BatchProgress(int Done, int Total, TimeSpan Elapsed, ImmutableDictionary<Verdict, int> Verdicts, string? Last)
{
    /// <summary>Distinct exercises this run's submissions need (each is prepared once, before its first submission is graded).</summary>
    public int Exercises { get; init; }

    /// <summary>Exercises prepared (or found invalid) so far.</summary>
    public int ExercisesPrepared { get; init; }

    public double Rate => Elapsed.TotalSeconds > 0 ? Done / Elapsed.TotalSeconds : 0;

    /// <summary>Time left at the current rate, once there is a rate to go by.</summary>
    public TimeSpan? Remaining => Done > 0 && Rate > 0 ? TimeSpan.FromSeconds((Total - Done) / Rate) : null;
}
