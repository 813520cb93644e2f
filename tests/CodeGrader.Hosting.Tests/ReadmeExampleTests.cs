using System.Reflection;
using System.Runtime.Loader;
using CodeGrader.Core.Engine;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.Extensions.DependencyInjection;

namespace CodeGrader.Hosting.Tests;

/// <summary>The README's embedding example compiles as it is printed and does what it says.</summary>
[Collection(OneAtATime.Name)]
public sealed class ReadmeExampleTests
{
    private const string Marker = "<!-- example: embedding (compiled and run by tests/CodeGrader.Hosting.Tests) -->";

    /// <summary>What a project made with <c>dotnet new console</c> has in scope without a using.</summary>
    private const string ImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;

    private static string Example()
    {
        var readme = File.ReadAllText(Path.Combine(Embedding.Root, "README.md"));
        var at = readme.IndexOf(Marker, StringComparison.Ordinal);
        at.ShouldBeGreaterThan(0, "README.md has no embedding example marker");
        var start = readme.IndexOf("```csharp\n", at, StringComparison.Ordinal) + "```csharp\n".Length;
        var end = readme.IndexOf("\n```", start, StringComparison.Ordinal);
        return readme[start..end];
    }

    [Fact]
    public async Task The_embedding_example_in_the_readme_compiles_and_grades_the_palindrome_exercise()
    {
        _ = typeof(GradingEngine);
        _ = typeof(ServiceCollection);
        _ = typeof(CodeGraderServiceCollectionExtensions);
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Concat(AppDomain.CurrentDomain.GetAssemblies().Where(a => !a.IsDynamic && a.Location.Length > 0).Select(a => a.Location))
            .Distinct(StringComparer.Ordinal)
            .Select(path => MetadataReference.CreateFromFile(path));
        var compilation = CSharpCompilation.Create("ReadmeExample",
            [CSharpSyntaxTree.ParseText(ImplicitUsings), CSharpSyntaxTree.ParseText(Example(), path: "README.md")],
            references, new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        emitted.Success.ShouldBeTrue(string.Join("\n", emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));

        var context = new AssemblyLoadContext("readme-example", isCollectible: true);
        var program = context.LoadFromStream(new MemoryStream(image.ToArray()));
        var output = new StringWriter();
        var console = Console.Out;
        var directory = Environment.CurrentDirectory;
        try
        {
            Console.SetOut(output);
            Environment.CurrentDirectory = Embedding.Root; // the example names exercises/palindrome as a reader in the checkout would
            var main = program.EntryPoint!;
            var run = main.Invoke(null, main.GetParameters().Length == 0 ? [] : [Array.Empty<string>()]);
            if (run is Task task) await task;
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            throw e.InnerException;
        }
        finally
        {
            Console.SetOut(console);
            Environment.CurrentDirectory = directory;
            context.Unload();
        }

        var printed = output.ToString();
        printed.ShouldContain("single word: Passed", customMessage: printed);
        printed.ShouldContain("Accepted 100", customMessage: printed);
    }
}
