namespace CodeGrader.Service.Exercises;

/// <summary>What an upload came to: a published version, or why not (the archive refused, or the verification failed)
/// with the diagnostics either way.</summary>
public sealed record UploadOutcome(int? Version, string? Refusal, IReadOnlyList<DiagnosticView> Diagnostics)
{
    public bool Published => Version is not null;
}
