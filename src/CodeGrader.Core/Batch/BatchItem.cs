using CodeGrader.Core.Results;
namespace CodeGrader.Core.Batch;

/// <summary>One submission of a batch and the exercise it is graded against.</summary>
/// <param name="SubmissionPath">The file to read.</param>
/// <param name="Name">How reports name it: its path relative to the submissions root (unique in the batch).</param>
/// <param name="ExerciseDirectory">The exercise folder.</param>
public sealed record BatchItem(string SubmissionPath, string Name, string ExerciseDirectory);
