using System.Diagnostics;
using System.Text.Json;
using CodeGrader.Cli.Hosting;

namespace CodeGrader.Cli.Tests.Commands;

/// <summary>
/// The codegrader program as its own process: what its entry point sets up before any command runs (the grading commands
/// run pipe completions on the socket engine's event thread, see <see cref="SocketCompletions"/>), and that grading with
/// it gives every verdict, the kills and crashes included.
/// </summary>
public sealed class CodegraderProcessTests : IDisposable
{
    private static readonly string Palindrome = CliRunner.Exercise("palindrome");
    private readonly string _root = CliRunner.TempDirectory();

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task A_codegrader_process_grades_every_known_solution_to_the_verdict_its_folder_names_and_a_crash_as_an_error()
    {
        var subs = Path.Combine(_root, "subs");
        Directory.CreateDirectory(subs);
        var expected = new Dictionary<string, string>();
        foreach (var folder in Directory.GetDirectories(Path.Combine(Palindrome, "solutions")))
        {
            var verdict = Path.GetFileName(folder) == "time_limit" ? "time_limit_exceeded" : Path.GetFileName(folder);
            foreach (var file in Directory.GetFiles(folder, "*.py"))
            {
                var name = $"{Path.GetFileName(folder)}-{Path.GetFileName(file)}";
                File.Copy(file, Path.Combine(subs, name));
                expected[name] = verdict;
            }
        }
        // A worker that dies in the middle of a test: its end is found on the event thread (an empty read).
        File.WriteAllText(Path.Combine(subs, "crash.py"), "import os\n\ndef is_palindrome(s):\n    os._exit(3)\n");
        expected["crash.py"] = "runtime_error";
        var outDir = Path.Combine(_root, "out");

        var (code, stderr) = await RunAsync("batch", Palindrome, subs, "--out", outDir, "--jobs", "2");

        code.ShouldBe(1, stderr); // some submissions fail
        var verdicts = File.ReadLines(Path.Combine(outDir, "results.jsonl"))
            .Select(line => JsonDocument.Parse(line).RootElement)
            .ToDictionary(report => Path.GetFileName(report.GetProperty("submission").GetString()!), report => report.GetProperty("verdict").GetString()!);
        verdicts.ShouldBe(expected, ignoreOrder: true);
    }

    [Fact]
    public void The_codegrader_program_s_runtime_conserves_memory_and_keeps_its_pool_threads_from_spinning()
    {
        // The settings the program's own process starts with (the file beside codegrader.dll, as the tests above run it).
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "codegrader.runtimeconfig.json")));
        var properties = config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");

        // Without it a cold HumanEval+ batch's host peaked over its 300 MiB target (bench/README.md).
        properties.GetProperty("System.GC.ConserveMemory").GetInt32().ShouldBe(7);
        properties.GetProperty("System.Threading.ThreadPool.UnfairSemaphoreSpinLimit").GetInt32().ShouldBe(0);
        properties.GetProperty("System.Runtime.TieredCompilation.CallCountThreshold").GetInt32().ShouldBe(2000);
    }

    [Theory]
    [InlineData("batch", "1")]
    [InlineData("grade", "1")]
    [InlineData("serve", null)]
    [InlineData("worker", null)]
    public void Pipe_completions_run_on_the_event_thread_for_the_grading_commands_only(string command, string? expected)
    {
        var environment = new Dictionary<string, string?>();
        SocketCompletions.InlineWhenGrading([command], (name, value) => environment[name] = value, _ => null);
        environment.GetValueOrDefault(SocketCompletions.Variable).ShouldBe(expected);
    }

    [Fact]
    public void A_socket_completion_setting_already_in_the_environment_is_kept()
    {
        var environment = new Dictionary<string, string?>();
        SocketCompletions.InlineWhenGrading(["batch"], (name, value) => environment[name] = value, _ => "0");
        environment.ShouldBeEmpty();
    }

    /// <summary>Runs the built codegrader.dll beside this test assembly as a child process; its exit code and stderr.</summary>
    private static async Task<(int Code, string Stderr)> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = CliRunner.RepositoryRoot,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "codegrader.dll"));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment.Remove(SocketCompletions.Variable);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"codegrader {string.Join(' ', args)} still ran after 3 minutes: {await stderr}");
        }
        await stdout;
        return (process.ExitCode, await stderr);
    }
}
