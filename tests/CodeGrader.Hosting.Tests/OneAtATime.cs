namespace CodeGrader.Hosting.Tests;

/// <summary>
/// The tests count the processes this test process left running, so they run one at a time and none sees another's
/// workers. A collection rather than the assembly-wide CollectionBehavior, which runsettings.xml's
/// ParallelizeTestCollections overrides.
/// </summary>
[CollectionDefinition(Name)]
public sealed class OneAtATime
{
    public const string Name = "one test at a time";
}
