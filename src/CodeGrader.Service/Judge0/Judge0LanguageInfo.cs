using CodeGrader.Core.Engine;
using CodeGrader.Core.Execution;
using CodeGrader.Core.Programs;

namespace CodeGrader.Service.Judge0;

/// <summary>The language's name with the version of the Python candidates' code really runs on: asked of a sandboxed
/// worker once (a one-line program), then kept. "Python (3)" when it cannot be asked.</summary>
public sealed class Judge0LanguageInfo(GradingEngine engine, ILogger<Judge0LanguageInfo> logger)
{
    private readonly Lazy<Task<string>> _name = new(() => AskAsync(engine, logger));

    public Task<string> NameAsync() => _name.Value;

    private static async Task<string> AskAsync(GradingEngine engine, ILogger logger)
    {
        try
        {
            var run = await engine.RunProgramAsync(SubmissionSource.FromText(Judge0Language.SourceFile, "import platform\nprint(platform.python_version())\n"), "",
                ProgramRunLimits.Default with { Time = TimeSpan.FromSeconds(10), WallTime = TimeSpan.FromSeconds(10) }).ConfigureAwait(false);
            if (run.Outcome == ProgramOutcome.Ok) return Judge0Language.Name(run.StdoutText.Trim());
            logger.LogWarning("The worker's Python version could not be read: {Message}", run.Message);
        }
        catch (Exception e) when (e is SandboxUnavailableException or WorkerStartException)
        {
            logger.LogWarning("The worker's Python version could not be read: {Message}", e.Message);
        }
        return Judge0Language.Name("3");
    }
}
