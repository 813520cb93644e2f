using CodeGrader.Core.Engine;
using CodeGrader.Core.Execution;
using CodeGrader.Core.Grading;
using Microsoft.Extensions.DependencyInjection;
using CodeGrader.Core.Results;

namespace CodeGrader.Hosting.Tests;

/// <summary>Fail closed: without a sandbox the engine runs no candidate's code unless its options say so, and reports then say so.</summary>
[Collection(OneAtATime.Name)]
public sealed class SandboxRefusalTests
{
    private static readonly string Correct = File.ReadAllText(Path.Combine(Embedding.Palindrome, "reference.py"));

    /// <summary>A machine without a sandbox.</summary>
    private sealed class NoSandboxHere : IConfinementProvider
    {
        public ConfinementStatus Detect() => new(null, "bubblewrap (bwrap) is not installed.");
    }

    private static ServiceProvider WithoutSandbox(SandboxMode? mode = null)
    {
        var services = new ServiceCollection().AddSingleton<IConfinementProvider>(new NoSandboxHere());
        return services.AddCodeGrader(configure: o => mode is { } m ? o with { Sandbox = m } : o).BuildServiceProvider();
    }

    [Fact]
    public async Task By_default_the_engine_refuses_to_grade_without_a_sandbox()
    {
        await using var services = WithoutSandbox();
        var engine = services.GetRequiredService<GradingEngine>();

        var refusal = await Should.ThrowAsync<SandboxUnavailableException>(engine.GradeAsync(Embedding.Palindrome, SubmissionSource.FromText("s.py", Correct)));

        refusal.Message.ShouldContain("bubblewrap (bwrap) is not installed");
        Should.Throw<SandboxUnavailableException>(() => engine.CandidateSandbox());
        await Should.ThrowAsync<SandboxUnavailableException>(engine.RunCallAsync(SubmissionSource.FromText("s.py", Correct), "is_palindrome('a')"));
        await Should.ThrowAsync<SandboxUnavailableException>(async () =>
        {
            await foreach (var _ in engine.GradeManyAsync([new GradeJob(Embedding.Palindrome, SubmissionSource.FromText("s.py", Correct))])) { }
        });
    }

    [Fact]
    public async Task An_engine_built_without_any_sandbox_provider_refuses_too()
    {
        await using var engine = new GradingEngine();
        var refusal = await Should.ThrowAsync<SandboxUnavailableException>(engine.GradeAsync(Embedding.Palindrome, SubmissionSource.FromText("s.py", Correct)));
        refusal.Message.ShouldContain("no sandbox is configured");
    }

    [Fact]
    public async Task Opting_out_explicitly_grades_unconfined_and_every_report_says_so()
    {
        await using var services = WithoutSandbox(SandboxMode.IfAvailable);
        var engine = services.GetRequiredService<GradingEngine>();

        var report = await engine.GradeAsync(Embedding.Palindrome, SubmissionSource.FromText("s.py", Correct));

        report.Verdict.ShouldBe(Verdict.Accepted);
        report.Sandbox.Confined.ShouldBeFalse();
        report.Sandbox.Description.ShouldContain("unconfined");
    }
}
