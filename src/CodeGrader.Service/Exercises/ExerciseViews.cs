using CodeGrader.Core.Exercises;
using CodeGrader.Core.Grading;
using CodeGrader.Service.Storage;

namespace CodeGrader.Service.Exercises;

/// <summary>An exercise in the list: what anyone may see.</summary>
public sealed record ExerciseSummary(string Id, int Version, string Title, DateTimeOffset PublishedAt);

/// <summary>The exercise's limits as a candidate is told them.</summary>
public sealed record LimitsView(double TimeMs, long MemoryBytes, int OutputCharacters, long MaxSourceBytes);

/// <summary>A test as its viewer may see it: a sample for candidates; any test for authors.</summary>
public sealed record TestView(string Name, bool Sample, double Weight, string? Call, string? Stdin, string? Expected);

/// <summary>What a candidate sees of an exercise: the statement (Markdown, and as sanitized HTML), the starter, the samples in full, the limits. Never a
/// hidden test.</summary>
public sealed record CandidateExerciseView(
    string Id, int Version, string Title, string Kind, string? Entry, string Statement, string StatementHtml, string? Starter,
    LimitsView Limits, IReadOnlyList<TestView> Samples);

/// <summary>What an author sees: everything the candidate does, every test with its expected value, and the reference.</summary>
public sealed record AuthorExerciseView(
    string Id, int Version, string Title, string Kind, string? Entry, string Statement, string StatementHtml, string? Starter,
    LimitsView Limits, IReadOnlyList<TestView> Samples, IReadOnlyList<TestView> Tests, string Reference, DateTimeOffset PublishedAt);

public static class ExerciseViews
{
    public static ExerciseSummary Summary(StoredExercise stored) => new(stored.Id, stored.Version, stored.Title, stored.CreatedAt);

    public static CandidateExerciseView Candidate(StoredExercise stored, PreparedExercise prepared, ServiceOptions options)
    {
        var e = prepared.Exercise;
        var statement = Read(e.StatementPath) ?? "";
        return new(stored.Id, stored.Version, e.Title, Kind(e), e.Entry, statement, StatementHtml.Render(statement), Read(e.StarterPath),
            Limits(e, options), Samples(prepared));
    }

    public static AuthorExerciseView Author(StoredExercise stored, PreparedExercise prepared, ServiceOptions options)
    {
        var e = prepared.Exercise;
        var statement = Read(e.StatementPath) ?? "";
        return new(stored.Id, stored.Version, e.Title, Kind(e), e.Entry, statement, StatementHtml.Render(statement), Read(e.StarterPath),
            Limits(e, options), Samples(prepared), [.. e.Tests.Select(t => Test(t, prepared))], Read(e.ReferencePath) ?? "", stored.CreatedAt);
    }

    /// <summary>The most a source may weigh for this exercise: its own <c>max_source_bytes</c>, within the service's cap.</summary>
    public static long MaxSourceBytes(Exercise exercise, ServiceOptions options) =>
        Math.Min(exercise.Restrictions.MaxSourceBytes ?? options.MaxSourceBytes, options.MaxSourceBytes);

    private static IReadOnlyList<TestView> Samples(PreparedExercise prepared) =>
        [.. prepared.Exercise.Tests.Where(t => t.Sample).Select(t => Test(t, prepared))];

    private static TestView Test(ExerciseTest test, PreparedExercise prepared) =>
        new(test.Name, test.Sample, test.Weight, test.Call ?? (test.Steps.IsEmpty ? null : test.Describe()), test.Stdin, prepared.DescribeExpected(test));

    private static LimitsView Limits(Exercise e, ServiceOptions options) =>
        new(e.Limits.Time.TotalMilliseconds, e.Limits.MemoryBytes, e.Limits.OutputCharacters, MaxSourceBytes(e, options));

    private static string Kind(Exercise e) => e.Kind.ToString().ToLowerInvariant();

    private static string? Read(string? path) => path is not null && File.Exists(path) ? File.ReadAllText(path) : null;
}
