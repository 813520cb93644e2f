using System.Collections;
using System.Net;
using CodeGrader.Service.Configuration;
using CodeGrader.Service.Storage;
using Microsoft.Extensions.Logging;

namespace CodeGrader.Service.Tests;

/// <summary>codegrader serve's settings: a JSON file, then CODEGRADER__* variables, then flags; unknown keys refused by name.</summary>
public sealed class ConfigurationTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("codegrader-config-tests").FullName;

    [Fact]
    public void Flags_win_over_the_environment_which_wins_over_the_file()
    {
        var file = Write("""
            {
              "Urls": "http://127.0.0.1:9001",
              "GradingLoops": 3,
              "QueueCapacity": 7,
              "Database": { "Provider": "postgres", "ConnectionString": "Host=from-file" },
              "Metrics": { "Access": "public" }
            }
            """);
        var environment = new Hashtable
        {
            ["CODEGRADER__GRADINGLOOPS"] = "4",
            ["CODEGRADER__Database__ConnectionString"] = "Host=from-environment",
            ["CODEGRADER__SANDBOX"] = "off",
            ["CODEGRADER_TEST_POSTGRES"] = "not ours: one underscore",
            ["PATH"] = "/usr/bin",
        };
        var options = ServiceConfiguration.Load(file, new Dictionary<string, string?> { ["GradingLoops"] = "5" }, environment);

        options.Urls.ShouldBe("http://127.0.0.1:9001");
        options.QueueCapacity.ShouldBe(7);
        options.GradingLoops.ShouldBe(5);
        options.Database.ShouldBe(new DatabaseOptions { Provider = DatabaseProvider.Postgres, ConnectionString = "Host=from-environment" });
        options.Metrics.Access.ShouldBe(MetricsAccess.Public);
        options.EngineSettings.ShouldBe(new Dictionary<string, string?> { ["SANDBOX"] = "off" });
    }

    [Fact]
    public void An_unknown_key_in_the_file_is_an_error_naming_it_and_the_keys_it_could_be()
    {
        var file = Write("""{ "Database": { "Provder": "postgres" } }""");
        var error = Should.Throw<ServiceConfigurationException>(() => ServiceConfiguration.Load(file, new Dictionary<string, string?>(), new Hashtable()));
        error.Message.ShouldContain("'Database:Provder'");
        error.Message.ShouldContain("ConnectionString, Provider");
    }

    [Fact]
    public void An_unknown_key_in_the_environment_or_a_flag_is_an_error_naming_it()
    {
        Should.Throw<ServiceConfigurationException>(() => ServiceConfiguration.Load(null, new Dictionary<string, string?>(), new Hashtable { ["CODEGRADER__Metrix__Access"] = "public" }))
            .Message.ShouldContain("'Metrix'");
        Should.Throw<ServiceConfigurationException>(() => ServiceConfiguration.Load(null, new Dictionary<string, string?> { ["Urls:Port"] = "1" }, new Hashtable()))
            .Message.ShouldContain("'Urls:Port'");
    }

    [Fact]
    public void Run_slots_follow_the_grading_loops_unless_set_a_node_grading_nothing_keeps_two_and_zero_is_refused()
    {
        ServiceConfiguration.Load(null, new Dictionary<string, string?> { ["GradingLoops"] = "5" }, new Hashtable()).RunSlotsOrDefault.ShouldBe(5);
        ServiceConfiguration.Load(null, new Dictionary<string, string?> { ["GradingLoops"] = "0", ["Redis"] = "localhost:1" }, new Hashtable()).RunSlotsOrDefault.ShouldBe(2);
        ServiceConfiguration.Load(null, new Dictionary<string, string?> { ["GradingLoops"] = "0", ["Redis"] = "localhost:1", ["RunSlots"] = "3" }, new Hashtable()).RunSlotsOrDefault.ShouldBe(3);
        Should.Throw<ServiceConfigurationException>(() => ServiceConfiguration.Load(null, new Dictionary<string, string?> { ["RunSlots"] = "0" }, new Hashtable()))
            .Message.ShouldContain("'RunSlots' is 0");
    }

    [Fact]
    public void A_value_of_the_wrong_type_or_a_missing_connection_string_is_an_error_naming_the_key()
    {
        Should.Throw<ServiceConfigurationException>(() => ServiceConfiguration.Load(null, new Dictionary<string, string?> { ["GradingLoops"] = "many" }, new Hashtable()))
            .Message.ShouldContain("GradingLoops");
        Should.Throw<ServiceConfigurationException>(() => ServiceConfiguration.Load(null, new Dictionary<string, string?> { ["Database:Provider"] = "postgres" }, new Hashtable()))
            .Message.ShouldContain("'Database:ConnectionString'");
        Should.Throw<ServiceConfigurationException>(() => ServiceConfiguration.Load(Write("{ \"Urls\": "), new Dictionary<string, string?>(), new Hashtable()))
            .Message.ShouldContain("not valid JSON");
    }

    [Fact]
    public void A_yaml_file_reads_as_the_same_tree_as_json()
    {
        var yaml = Path.Combine(_folder, "serve.yaml");
        File.WriteAllText(yaml, """
            GradingLoops: 3
            Database:
              Provider: postgres
              ConnectionString: "Host=db;Database=cg"
            ForwardedHeaders:
              KnownProxies: [10.0.0.5, "::1"]
            """);
        var options = ServiceConfiguration.Load(yaml, new Dictionary<string, string?>(), new Hashtable());
        options.GradingLoops.ShouldBe(3);
        options.Database.ShouldBe(new DatabaseOptions { Provider = DatabaseProvider.Postgres, ConnectionString = "Host=db;Database=cg" });
        options.ForwardedHeaders.KnownProxies.ShouldBe(["10.0.0.5", "::1"]);
        File.WriteAllText(yaml, "Metrics:\n  Acces: public\n");
        Should.Throw<ServiceConfigurationException>(() => ServiceConfiguration.Load(yaml, new Dictionary<string, string?>(), new Hashtable()))
            .Message.ShouldContain("'Metrics:Acces'");
    }

    [Fact]
    public async Task A_server_started_from_a_configuration_file_uses_it()
    {
        var data = Path.Combine(_folder, "data");
        var file = Write($$"""{ "Urls": "http://127.0.0.1:0", "DataDirectory": "{{data}}", "Metrics": { "Access": "public" }, "Sandbox": "required" }""");
        var options = ServiceConfiguration.Load(file, new Dictionary<string, string?>(), new Hashtable());
        await using var server = await GraderServer.StartAsync(options, configure: b => b.Logging.SetMinimumLevel(LogLevel.Warning));
        File.Exists(Path.Combine(data, "codegrader.db")).ShouldBeTrue();
        using var client = new HttpClient { BaseAddress = new Uri(server.Urls[0]) };
        using var metrics = await client.GetAsync("/metrics");
        metrics.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    private string Write(string json)
    {
        var path = Path.Combine(_folder, Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllText(path, json);
        return path;
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
