using CodeGrader.Core.Engine;
using Microsoft.Extensions.DependencyInjection;

namespace CodeGrader.Hosting.Tests;

/// <summary>AddCodeGrader binds the engine's options from configuration and says which setting is wrong.</summary>
[Collection(OneAtATime.Name)]
public sealed class ConfigurationTests
{
    [Fact]
    public async Task Options_come_from_configuration_then_from_code()
    {
        await using var services = Embedding.Services(
            new Dictionary<string, string?> { ["MaxParallelism"] = "3", ["Sandbox"] = "IfAvailable", ["TrustedTimeLimit"] = "00:00:05" },
            o => o with { PreparedExerciseCapacity = 7 });

        var options = services.GetRequiredService<GradingEngine>().Options;

        options.MaxParallelism.ShouldBe(3);
        options.Sandbox.ShouldBe(SandboxMode.IfAvailable);
        options.TrustedTimeLimit.ShouldBe(TimeSpan.FromSeconds(5));
        options.PreparedExerciseCapacity.ShouldBe(7);
    }

    [Fact]
    public async Task The_sandbox_is_required_unless_configuration_says_otherwise()
    {
        await using var services = Embedding.Services();
        services.GetRequiredService<GradingEngine>().Options.Sandbox.ShouldBe(SandboxMode.Required);
    }

    [Fact]
    public async Task A_value_of_the_wrong_type_names_the_setting()
    {
        await using var services = Embedding.Services(new Dictionary<string, string?> { ["MaxParallelism"] = "many" });
        var error = Should.Throw<InvalidOperationException>(() => services.GetRequiredService<GradingEngine>());
        error.Message.ShouldContain("MaxParallelism");
    }

    [Fact]
    public async Task An_unknown_setting_is_an_error_not_silently_ignored()
    {
        await using var services = Embedding.Services(new Dictionary<string, string?> { ["AllowUnconfined"] = "true" });
        var error = Should.Throw<InvalidOperationException>(() => services.GetRequiredService<GradingEngine>());
        error.Message.ShouldContain("AllowUnconfined");
    }

    [Fact]
    public async Task A_value_out_of_range_names_the_setting()
    {
        await using var services = Embedding.Services(new Dictionary<string, string?> { ["MaxParallelism"] = "0" });
        var error = Should.Throw<ArgumentException>(() => services.GetRequiredService<GradingEngine>());
        error.Message.ShouldContain("MaxParallelism must be at least 1");
    }
}
