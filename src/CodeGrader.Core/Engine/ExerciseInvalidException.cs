using System.Collections.Immutable;
using CodeGrader.Core.Diagnostics;

namespace CodeGrader.Core.Engine;

/// <summary>An exercise that does not load or prepare, at the API's edge; <see cref="Diagnostics"/> says where and what.</summary>
public sealed class ExerciseInvalidException(string directory, ImmutableArray<Diagnostic> diagnostics)
    : Exception($"The exercise in {directory} is invalid: {Summary(diagnostics)}")
{
    public string Directory { get; } = directory;
    public ImmutableArray<Diagnostic> Diagnostics { get; } = diagnostics;

    internal static string Summary(ImmutableArray<Diagnostic> diagnostics)
    {
        var errors = diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        return errors.Count switch
        {
            0 => "no details",
            1 => errors[0].ToString(),
            _ => $"{errors.Count} errors, the first: {errors[0]}",
        };
    }
}
