using System.Collections.Immutable;

namespace CodeGrader.Core.Exercises;

/// <summary>Static rules on a submission's source (docs/exercise-format.md, "restrictions"). Not a security boundary.</summary>
public sealed record ExerciseRestrictions(ImmutableArray<string> ForbidImports, ImmutableArray<string> ForbidNames, long? MaxSourceBytes)
{
    public static readonly ExerciseRestrictions None = new([], [], null);

    public bool IsEmpty => ForbidImports.IsEmpty && ForbidNames.IsEmpty && MaxSourceBytes is null;
}
