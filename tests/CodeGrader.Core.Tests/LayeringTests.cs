using CodeGrader.Core.Tests.TestSupport;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CodeGrader.Core.Tests;

/// <summary>
/// The namespaces of CodeGrader.Core depend on each other without cycles, so each can be read, tested and moved on
/// its own. Dependencies are what the code really uses (Roslyn's semantic model over Core's sources), not its usings.
/// </summary>
public sealed class LayeringTests
{
    private const string Root = "CodeGrader.Core";

    private static readonly Lazy<Dictionary<string, Dictionary<string, string>>> Scanned = new(Scan);

    private static Dictionary<string, Dictionary<string, string>> Dependencies() => Scanned.Value;

    private static Dictionary<string, Dictionary<string, string>> Scan()
    {
        var sourceRoot = Path.Combine(Repository.Root, "src", Root);
        var trees = Directory.EnumerateFiles(sourceRoot, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), path: Path.GetRelativePath(sourceRoot, f)))
            .ToList();
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Concat(Directory.EnumerateFiles(AppContext.BaseDirectory, "*.dll").Where(f => Path.GetFileName(f) != Root + ".dll"))
            .DistinctBy(Path.GetFileName, StringComparer.Ordinal)
            .Select(f => MetadataReference.CreateFromFile(f));
        var compilation = CSharpCompilation.Create(Root, trees, references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true));

        // namespace -> (namespace it uses -> one place it does, for the message)
        var edges = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        foreach (var tree in trees)
        {
            var model = compilation.GetSemanticModel(tree);
            var root = tree.GetRoot();
            var own = root.DescendantNodes().OfType<BaseNamespaceDeclarationSyntax>().FirstOrDefault()?.Name.ToString();
            if (own is null) continue;
            foreach (var name in root.DescendantNodes().OfType<SimpleNameSyntax>())
            {
                var symbol = model.GetSymbolInfo(name).Symbol ?? model.GetSymbolInfo(name).CandidateSymbols.FirstOrDefault();
                var type = symbol as INamedTypeSymbol ?? symbol?.ContainingType;
                var used = type?.ContainingNamespace?.ToDisplayString();
                if (used is null || used == own || !used.StartsWith(Root + ".", StringComparison.Ordinal)) continue;
                if (!edges.TryGetValue(own, out var targets)) edges[own] = targets = new(StringComparer.Ordinal);
                var line = name.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
                targets.TryAdd(used, $"{tree.FilePath}:{line} uses {type!.Name}");
            }
        }
        return edges;
    }

    [Fact]
    public void No_two_namespaces_of_the_engine_depend_on_each_other_even_through_others()
    {
        var edges = Dependencies();
        edges.Count.ShouldBeGreaterThan(5, "the dependency scan found almost nothing: it is broken");
        var cycles = new List<string>();
        var state = new Dictionary<string, int>(StringComparer.Ordinal); // 1 visiting, 2 done
        var path = new List<string>();

        void Visit(string node)
        {
            state[node] = 1;
            path.Add(node);
            foreach (var (next, where) in edges.GetValueOrDefault(node) ?? [])
            {
                if (state.GetValueOrDefault(next) == 1)
                {
                    var cycle = path.Skip(path.IndexOf(next)).Append(next).ToList();
                    cycles.Add(string.Join(" -> ", cycle) + "\n    " + string.Join("\n    ",
                        cycle.Zip(cycle.Skip(1)).Select(p => $"{p.First} -> {p.Second}: {edges[p.First][p.Second]}")));
                }
                else if (state.GetValueOrDefault(next) == 0)
                {
                    Visit(next);
                }
            }
            path.RemoveAt(path.Count - 1);
            state[node] = 2;
        }

        foreach (var node in edges.Keys.Order(StringComparer.Ordinal)) if (state.GetValueOrDefault(node) == 0) Visit(node);
        cycles.ShouldBeEmpty("namespaces in a cycle:\n" + string.Join("\n", cycles));
    }

    [Fact]
    public void The_result_model_depends_on_no_writer_and_no_grading_machinery()
    {
        var uses = Dependencies().GetValueOrDefault(Root + ".Results") ?? [];
        uses.Keys.ShouldNotContain(Root + ".Reports");
        uses.Keys.ShouldNotContain(Root + ".Grading");
        uses.Keys.ShouldNotContain(Root + ".Engine");
    }
}
