using CodeGrader.Core.Execution;

namespace CodeGrader.Core.Engine;

/// <summary>One submission for <see cref="GradingEngine.GradeManyAsync"/>: the exercise folder and the source.</summary>
/// <param name="ExerciseDirectory">The exercise folder (with exercise.yaml); each distinct one is prepared once.</param>
/// <param name="Submission">The candidate's file.</param>
/// <param name="Key">The caller's own handle for this job (a database id, a path), handed back with its result.</param>
public sealed record GradeJob(string ExerciseDirectory, SubmissionSource Submission, string? Key = null);
