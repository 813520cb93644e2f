using System.Collections.Immutable;
using CodeGrader.Core.Diagnostics;

namespace CodeGrader.Core.Exercises;

/// <summary>An exercise, or why not: every problem found, as diagnostics (warnings may come with a valid exercise).</summary>
public sealed record ExerciseLoadResult(Exercise? Exercise, ImmutableArray<Diagnostic> Diagnostics)
{
    public bool Succeeded => Exercise is not null;

    public IEnumerable<Diagnostic> Errors => Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error);
}
