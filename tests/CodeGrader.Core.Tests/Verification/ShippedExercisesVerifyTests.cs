using CodeGrader.Core.Diagnostics;
using CodeGrader.Core.Tests.TestSupport;
using CodeGrader.Core.Verification;

namespace CodeGrader.Core.Tests.Verification;

/// <summary><c>codegrader verify</c> on every exercise the library ships: each must pass.</summary>
public sealed class ShippedExercisesVerifyTests
{
    public static TheoryData<string> Exercises() => Repository.ShippedExercises();

    [Theory]
    [MemberData(nameof(Exercises))]
    public async Task Verify_passes_on_the_shipped_exercise(string name)
    {
        var report = await ExerciseVerifier.VerifyAsync(Repository.Exercise(name), Graders.Options);
        var errors = report.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()).ToList();
        errors.ShouldBeEmpty(string.Join("\n", errors));
        report.Passed.ShouldBeTrue();
        report.Reference.ShouldNotBeNull().Accepted.ShouldBeTrue();
    }
}
