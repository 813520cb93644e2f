using CodeGrader.Core.Engine;
using CodeGrader.Core.Exercises;
using CodeGrader.Core.Execution;
using CodeGrader.Core.Grading;
using CodeGrader.Core.Reports;
using CodeGrader.Core.Results;

namespace CodeGrader.Core.Tests.TestSupport;

/// <summary>Real workers, unconfined (the sandbox has its own tests): load, prepare and grade in one call.</summary>
internal static class Graders
{
    public static GradingOptions Options { get; } = GradingOptions.Discover();

    /// <summary>An engine that runs candidates unconfined (explicitly), two submissions at once.</summary>
    public static GradingEngine Engine { get; } = new(GradingEngineOptions.Default with { Sandbox = SandboxMode.Off, MaxParallelism = 2 });

    public static Exercise Load(string directory)
    {
        var loaded = ExerciseLoader.Load(directory);
        loaded.Exercise.ShouldNotBeNull(string.Join("\n", loaded.Diagnostics));
        return loaded.Exercise;
    }

    public static async Task<PreparedExercise> PrepareAsync(string directory)
    {
        var prepared = await ExercisePreparer.PrepareAsync(Load(directory), Options);
        prepared.Exercise.ShouldNotBeNull(string.Join("\n", prepared.Diagnostics));
        return prepared.Exercise;
    }

    public static async Task<GradeReport> GradeAsync(string directory, string fileName, string source) =>
        await new Grader(Options).GradeAsync(await PrepareAsync(directory), SubmissionSource.FromText(fileName, source));

    public static async Task<GradeReport> GradeFileAsync(string directory, string path) =>
        await new Grader(Options).GradeAsync(await PrepareAsync(directory), SubmissionSource.FromFile(path));
}
