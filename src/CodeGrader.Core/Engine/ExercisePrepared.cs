namespace CodeGrader.Core.Engine;

/// <summary>
/// One exercise of <see cref="GradingEngine.GradeManyAsync(IEnumerable{GradeJob}, IProgress{ExercisePrepared}?, CancellationToken)"/>
/// made ready to grade, or found invalid: which, how long it took, and how many of the batch's distinct exercises are done.
/// </summary>
/// <param name="ExerciseDirectory">The exercise folder, as its jobs name it.</param>
/// <param name="Succeeded">False when the exercise is invalid (its jobs get internal-error reports).</param>
/// <param name="Elapsed">This exercise's preparation, from when it started (not counting the wait for a free slot).</param>
/// <param name="Prepared">Exercises done so far, this one included.</param>
/// <param name="Total">Distinct exercises in the batch.</param>
public sealed record ExercisePrepared(string ExerciseDirectory, bool Succeeded, TimeSpan Elapsed, int Prepared, int Total)
{
    /// <summary>The expected values came from the engine's disk cache (<see cref="GradingEngineOptions.CacheDirectory"/>): the reference did not run.</summary>
    public bool FromDiskCache { get; init; }
}
