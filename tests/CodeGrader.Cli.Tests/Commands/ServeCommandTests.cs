namespace CodeGrader.Cli.Tests.Commands;

/// <summary><c>codegrader serve</c>'s configuration errors: exit 2 and a message naming the key, before anything starts.</summary>
public sealed class ServeCommandTests : IDisposable
{
    private readonly string _root = CliRunner.TempDirectory();

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task An_unknown_key_in_the_configuration_file_exits_2_naming_it_and_starts_nothing()
    {
        var file = Path.Combine(_root, "serve.json");
        var data = Path.Combine(_root, "data");
        await File.WriteAllTextAsync(file, $$"""{ "DataDirectory": "{{data}}", "Metrics": { "Acess": "public" } }""");
        var result = await CliRunner.RunAsync("serve", "--config", file);
        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain("Unknown configuration key 'Metrics:Acess'");
        Directory.Exists(data).ShouldBeFalse();
    }

    [Fact]
    public async Task A_set_flag_for_an_unknown_key_or_without_a_value_exits_2()
    {
        (await CliRunner.RunAsync("serve", "--data", Path.Combine(_root, "d1"), "--set", "Databse:Provider=postgres")).Error.ShouldContain("'Databse'");
        var noValue = await CliRunner.RunAsync("serve", "--data", Path.Combine(_root, "d2"), "--set", "GradingLoops");
        noValue.ExitCode.ShouldBe(2);
        noValue.Error.ShouldContain("KEY=VALUE");
    }

    [Fact]
    public async Task A_postgres_provider_without_a_connection_string_exits_2_naming_both_keys()
    {
        var result = await CliRunner.RunAsync("serve", "--data", Path.Combine(_root, "d3"), "--set", "Database:Provider=postgres");
        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain("'Database:ConnectionString'");
    }
}
