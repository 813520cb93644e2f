using System.CommandLine;

namespace CodeGrader.Cli.Tests;

/// <summary>What a command printed and returned.</summary>
internal sealed record CliResult(int ExitCode, string Output, string Error);

/// <summary>Runs the codegrader command line in-process, capturing standard output and error.</summary>
internal static class CliRunner
{
    public static async Task<CliResult> RunAsync(params string[] args)
    {
        using var output = new StringWriter { NewLine = "\n" };
        using var error = new StringWriter { NewLine = "\n" };
        var code = await CliApp.RunAsync(args, new InvocationConfiguration { Output = output, Error = error });
        return new CliResult(code, output.ToString(), error.ToString());
    }

    public static string RepositoryRoot { get; } = FindRoot();

    public static string Exercise(string name) => Path.Combine(RepositoryRoot, "exercises", name);

    public static string TempDirectory()
    {
        var path = Path.Combine(Path.GetTempPath(), "codegrader-cli-tests", Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(path);
        return path;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CodeGrader.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("CodeGrader.sln not found above " + AppContext.BaseDirectory);
    }
}
