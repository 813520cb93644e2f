using CodeGrader.Protocol;

namespace CodeGrader.Core.Execution;

/// <summary>A candidate's file as bytes (it may not be UTF-8; the worker reports where it is not).</summary>
public sealed record SubmissionSource(string FileName, ReadOnlyMemory<byte> Bytes)
{
    public static SubmissionSource FromFile(string path) => new(Path.GetFileName(path), File.ReadAllBytes(path));
    public static SubmissionSource FromText(string fileName, string text) => new(fileName, System.Text.Encoding.UTF8.GetBytes(text));
}

/// <summary>How the worker treats the source: a module defining functions, or a program reading stdin.</summary>
internal enum SourceMode
{
    Module,
    Program,
}

/// <summary>
/// What to load and how. <paramref name="ForbiddenImports"/> and <paramref name="ForbiddenNames"/> are the exercise's
/// restrictions, enforced again at run time: the submission's imports of those modules raise ImportError, and those
/// builtins are absent from its module's builtins (test calls still see every builtin). <paramref name="ValueLimits"/>
/// bounds the canonical values the worker sends back (null: the harness's defaults).
/// </summary>
internal sealed record LoadRequest(
    SubmissionSource Source, SourceMode Mode = SourceMode.Module, string? Entry = null,
    IReadOnlyList<string>? ForbiddenImports = null, IReadOnlyList<string>? ForbiddenNames = null,
    ValueLimits? ValueLimits = null)
{
    /// <summary>The Load message for the worker; <paramref name="outputLimit"/> is the per-stream capture cap.</summary>
    public LoadMessage ToMessage(int outputLimit) => new(
        Source.FileName,
        Convert.ToBase64String(Source.Bytes.Span),
        Mode == SourceMode.Program ? LoadModes.Program : LoadModes.Module,
        outputLimit,
        ForbiddenImports ?? [],
        ForbiddenNames ?? [],
        Entry,
        ValueLimits);
}

/// <summary>One test for the worker: a call expression, a sequence of steps, stdin for a program, or one operation of a Python test.</summary>
internal sealed record TestRequest
{
    public string? Call { get; init; }
    public IReadOnlyList<TestStep>? Steps { get; init; }
    public string? Stdin { get; init; }
    /// <summary>A program's stdin as bytes; the answer then carries stdout and stderr as bytes.</summary>
    public ReadOnlyMemory<byte>? StdinBytes { get; init; }
    /// <summary>For iterators: consume at most this many items.</summary>
    public int? Take { get; init; }
    /// <summary>One operation of a test written in Python on the submission's names and kept objects.</summary>
    public InvokeMessage? Invoke { get; init; }
    /// <summary>The call as a name and plain JSON arguments (<see cref="LiteralCall"/>), sent instead of <see cref="Call"/>.</summary>
    public ApplyMessage? Apply { get; init; }

    public static TestRequest ForCall(string call, int? take = null) => new() { Call = call, Take = take };

    /// <summary>
    /// A test's call, sent as a name and its arguments when it is a plain name called with literals
    /// (<see cref="LiteralCall"/>: the worker then compiles nothing), else as its text.
    /// </summary>
    public static TestRequest ForTestCall(string call) =>
        LiteralCall.TryParse(call) is { } apply ? new() { Call = call, Apply = apply } : ForCall(call);
    public static TestRequest ForProgram(string stdin) => new() { Stdin = stdin };
    public static TestRequest ForProgramBytes(ReadOnlyMemory<byte> stdin) => new() { StdinBytes = stdin };
    public static TestRequest ForInvoke(InvokeMessage invoke) => new() { Invoke = invoke };

    /// <summary>The Test message for the worker, with this request's random <paramref name="id"/>.</summary>
    public TestMessage ToMessage(int id) =>
        new(id, Apply is null ? Call : null, Steps?.Select(s => new StepMessage(s.Code, s.IsExpression)).ToList(), Stdin, Take,
            StdinBytes is { } bytes ? Convert.ToBase64String(bytes.Span) : null, Invoke, Apply);
}

/// <summary>A step of a class test: a statement to run, or an expression whose value is checked.</summary>
internal sealed record TestStep(string Code, bool IsExpression);
