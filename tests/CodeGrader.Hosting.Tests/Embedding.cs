using CodeGrader.Core.Engine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CodeGrader.Hosting.Tests;

/// <summary>What the tests share: the repository's exercises, and engines built the way an app builds them.</summary>
internal static class Embedding
{
    public static string Root { get; } = FindRoot();

    public static string Exercise(string name) => Path.Combine(Root, "exercises", name);

    public static string Palindrome => Exercise("palindrome");

    /// <summary>A container with the engine registered by <c>AddCodeGrader</c>, settings from <paramref name="settings"/>.</summary>
    public static ServiceProvider Services(IDictionary<string, string?>? settings = null, Func<GradingEngineOptions, GradingEngineOptions>? configure = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build();
        return new ServiceCollection().AddLogging().AddCodeGrader(configuration, configure).BuildServiceProvider();
    }

    /// <summary>A copy of a shipped exercise in a fresh folder, so no engine has it prepared yet.</summary>
    public static string FreshCopy(string name)
    {
        var target = Path.Combine(Path.GetTempPath(), "codegrader-hosting-tests", Guid.NewGuid().ToString("N")[..12]);
        foreach (var file in Directory.EnumerateFiles(Exercise(name), "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(Exercise(name), file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
        return target;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CodeGrader.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("The repository root (with CodeGrader.sln) is not above " + AppContext.BaseDirectory);
    }
}
