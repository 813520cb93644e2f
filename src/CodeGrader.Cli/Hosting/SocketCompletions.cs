namespace CodeGrader.Cli.Hosting;

/// <summary>
/// Where the host's code runs after a read from a worker's pipe completes (.NET reads pipes through its socket engine).
/// By default the engine's event thread hands each completion to the thread pool, so every answer a worker writes costs
/// a thread-pool wake and a context switch before the host even parses it. <c>grade</c>, <c>batch</c>, <c>run</c> and
/// <c>verify</c> run those completions on the event thread instead: the answer is parsed, timed and the next request
/// written there (bench/README.md, "Real harnesses": HumanEval+ warm host CPU 7.62 -> 6.53 s, wall 11.99 -> 11.23 s).
/// <para>
/// The setting is process-wide and read once, when the engine starts, so it is made here, before anything opens a pipe,
/// and only for the grading commands: <c>serve</c> and <c>worker</c> share the engine with Kestrel, PostgreSQL and Redis
/// connections, which are not measured with it. A value already in the environment wins.
/// </para>
/// </summary>
internal static class SocketCompletions
{
    internal const string Variable = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    public static void InlineWhenGrading(string[] args) =>
        InlineWhenGrading(args, Environment.SetEnvironmentVariable, Environment.GetEnvironmentVariable);

    internal static void InlineWhenGrading(string[] args, Action<string, string?> set, Func<string, string?> get)
    {
        if (args.Length > 0 && args[0] is "serve" or "worker") return;
        if (get(Variable) is not null) return;
        set(Variable, "1");
    }
}
