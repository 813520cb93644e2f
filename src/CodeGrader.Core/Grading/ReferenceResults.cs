using System.Collections.Immutable;

namespace CodeGrader.Core.Grading;

/// <summary>What a clean run of the reference gave an exercise: the expected values it computed and its time on each test.</summary>
internal sealed record ReferenceResults(ImmutableDictionary<(int Test, int Step), Expected> Values, ImmutableDictionary<int, TimeSpan> Times);
