using System.Collections.Immutable;
using System.Text.Json;
using CodeGrader.Core.Values;
using CodeGrader.Python;
using Python.Runtime;

namespace CodeGrader.Core.InHost;

/// <summary>
/// What the exercise's YAML holds as Python, checked in the host's Python at load: calls and steps compiled (never run)
/// and <c>expect_py</c> read with <c>ast.literal_eval</c> into the canonical value the worker would give.
/// </summary>
internal static class HostTools
{
    /// <summary>A code string's SyntaxError (message, 1-based line and column in the code), and the name a call calls.</summary>
    public sealed record Compiled(string? Error, int? Line, int? Column, string? Callee);

    /// <summary>For each code string in its mode ("eval" or "exec"), whether it compiles, and its callee.</summary>
    public static ImmutableArray<Compiled> CompileAll(LibPythonLocation python, IReadOnlyList<(string Code, string Mode)> items)
    {
        if (items.Count == 0) return [];
        var json = HostPython.For(python).Run(module =>
        {
            using var list = new PyList([.. items.Select(i => new PyList([new PyString(i.Code), new PyString(i.Mode)]))]);
            using var answer = module.InvokeMethod("compile_all", list);
            return answer.As<string>();
        });
        using var document = JsonDocument.Parse(json);
        return [.. document.RootElement.EnumerateArray().Select(a =>
        {
            var error = a.GetProperty("error");
            var callee = a.GetProperty("callee");
            var name = callee.ValueKind == JsonValueKind.String ? callee.GetString() : null;
            return error.ValueKind == JsonValueKind.Object
                ? new Compiled(error.GetProperty("message").GetString(), Int(error.GetProperty("line")), Int(error.GetProperty("column")), name)
                : new Compiled(null, null, null, name);
        })];
    }

    /// <summary>For each text, its value as ast.literal_eval reads it, or why it is not a literal.</summary>
    public static ImmutableArray<(PyValue? Value, string? Problem)> Literals(LibPythonLocation python, IReadOnlyList<string> texts)
    {
        if (texts.Count == 0) return [];
        var json = HostPython.For(python).Run(module =>
        {
            using var list = new PyList([.. texts.Select(t => new PyString(t))]);
            using var answer = module.InvokeMethod("literals", list);
            return answer.As<string>();
        });
        using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = CanonicalValueReader.MaxJsonDepth });
        return [.. document.RootElement.EnumerateArray().Select(a => a.TryGetProperty("value", out var value)
            ? ((PyValue?)CanonicalValueReader.Read(value), (string?)null)
            : (null, a.GetProperty("problem").GetString()))];
    }

    private static int? Int(JsonElement value) => value.ValueKind == JsonValueKind.Number ? value.GetInt32() : null;
}
