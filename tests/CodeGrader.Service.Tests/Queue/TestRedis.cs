namespace CodeGrader.Service.Tests.Queue;

/// <summary>The Redis the test run started (scripts/test-servers.sh, through ./run-tests): CODEGRADER_TEST_REDIS.</summary>
public static class TestRedis
{
    public static string Address => Environment.GetEnvironmentVariable("CODEGRADER_TEST_REDIS") is { Length: > 0 } address
        ? address
        : throw new InvalidOperationException(
            "CODEGRADER_TEST_REDIS is not set: these tests need the real Redis that ./run-tests starts " +
            "(or: eval \"$(scripts/test-servers.sh start)\" before dotnet test).");

    /// <summary>A key prefix of the test's own, so tests sharing the server never see each other's stream.</summary>
    public static string NewPrefix() => "cgtest-" + Guid.NewGuid().ToString("N")[..12];
}
