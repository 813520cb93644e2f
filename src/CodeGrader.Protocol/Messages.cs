using System.Text.Json;

namespace CodeGrader.Protocol;

// The JSON payloads of the frames (docs/protocol.md), one record each, shared by the host and the worker and
// (de)serialized only through ProtocolJson. Property names go on the wire in snake_case; a nullable property is
// optional: omitted when null, and accepted absent. Canonical values stay JsonElement: the host's
// CanonicalValueReader reads them straight from the parsed document.

/// <summary><c>Ready</c> (worker): Python started and the harness loaded.</summary>
/// <param name="Harness">The harness as marshalled code (base64), only when this worker had to compile it.</param>
public sealed record ReadyMessage(string Python, int Pid, string? Harness = null);

/// <summary>
/// A fork server's zygote, once its interpreter and harness are loaded (after <see cref="ForkServerMessageKind.Ready"/>).
/// <paramref name="SharedBytes"/>: the zygote's memory a forked worker goes on sharing after its first garbage
/// collections, which the host charges to each forked worker as a worker started afresh is charged for its own.
/// </summary>
public sealed record ZygoteReadyMessage(string Python, int Pid, long SharedBytes);

/// <summary><c>Load</c> (host): the submission to compile and import.</summary>
/// <param name="Source">The file's bytes, base64 (they may not be UTF-8).</param>
/// <param name="Mode"><see cref="LoadModes.Module"/> or <see cref="LoadModes.Program"/>.</param>
/// <param name="Entry">The function the tests call; checked after the import when given.</param>
/// <param name="OutputLimit">Characters kept of stdout and of stderr per request.</param>
/// <param name="ForbidImports">Modules the submission may not import (run-time check behind the static one).</param>
/// <param name="ForbidNames">Builtins removed from the submission's module.</param>
/// <param name="ValueLimits">Bounds on canonical values; absent means the harness's defaults.</param>
public sealed record LoadMessage(
    string Filename,
    string Source,
    string Mode,
    int OutputLimit,
    IReadOnlyList<string> ForbidImports,
    IReadOnlyList<string> ForbidNames,
    string? Entry = null,
    ValueLimits? ValueLimits = null);

/// <summary>The values of <see cref="LoadMessage.Mode"/>.</summary>
public static class LoadModes
{
    public const string Module = "module";
    public const string Program = "program";
}

/// <summary>Bounds on one canonical value; each absent bound keeps the harness's default (1e6 nodes, 16 Mi chars, depth 100).</summary>
public sealed record ValueLimits(int? MaxNodes = null, int? MaxChars = null, int? MaxDepth = null);

/// <summary><c>Loaded</c> (worker): the answer to <see cref="LoadMessage"/>.</summary>
/// <param name="Ok">True when the submission compiled, imported without raising and defines its entry.</param>
/// <param name="Diagnostics">Compile errors and a missing or non-callable entry; empty otherwise.</param>
/// <param name="Outcome">How the import ended (<see cref="Outcomes"/>); absent when nothing ran (a compile error, a program).</param>
public sealed record LoadedMessage(
    bool Ok,
    IReadOnlyList<DiagnosticMessage> Diagnostics,
    string? Outcome = null,
    ErrorMessage? Error = null,
    string? Stdout = null,
    string? Stderr = null,
    bool? OutputTruncated = null,
    long? TimeNs = null);

/// <summary><c>Test</c> (host): one test, as exactly one of a call, steps, or stdin for a program.</summary>
/// <param name="Id">Random per request; the answer must carry it.</param>
/// <param name="Call">A Python expression evaluated in the submission's namespace.</param>
/// <param name="Steps">A class test: statements and checked expressions, in one scope.</param>
/// <param name="Stdin">A program's standard input.</param>
/// <param name="Take">For an iterator: consume at most this many items.</param>
/// <param name="StdinBytes">A program's standard input as bytes (base64); the answer then carries the output as bytes.</param>
/// <param name="Invoke">One operation of a test written in Python (tests.py) on the submission's names and kept objects.</param>
/// <param name="Apply">Instead of <paramref name="Call"/>: a call that is a plain name with literal arguments, given as the name and plain JSON values.</param>
public sealed record TestMessage(
    int Id,
    string? Call = null,
    IReadOnlyList<StepMessage>? Steps = null,
    string? Stdin = null,
    int? Take = null,
    string? StdinBytes = null,
    InvokeMessage? Invoke = null,
    ApplyMessage? Apply = null);

/// <summary>
/// <see cref="TestMessage.Apply"/>: a test's call <c>name(args..., key=value...)</c> whose arguments are all literals
/// that JSON carries exactly (None, booleans, ints, floats, strings, lists, dicts with string keys). The worker looks
/// <paramref name="Name"/> up as the call would (the submission's module, then the builtins) and calls it with the
/// decoded values, so nothing is compiled per test. The host sends it only where it means exactly what the call's
/// text means (Core's <c>LiteralCall</c>).
/// </summary>
/// <param name="Name">The name called.</param>
/// <param name="Args">The positional arguments: a JSON array of plain values (not canonical values).</param>
/// <param name="Kwargs">The keyword arguments: a JSON object of plain values; absent when there are none.</param>
public sealed record ApplyMessage(string Name, JsonElement Args, JsonElement? Kwargs = null);

/// <summary>
/// <see cref="TestMessage.Invoke"/>: an operation on a name of the submission's module or on an object the worker keeps
/// (a handle), with canonical arguments. Values in the answer that have no plain form and are the submission's own
/// objects (or callables) are kept under ids from <paramref name="NextHandle"/> on and sent as handles.
/// </summary>
/// <param name="Op"><c>call</c>, <c>get</c>, <c>set</c>, <c>setitem</c>, or an operator (<c>len</c>, <c>str</c>, <c>eq</c>, <c>add</c>, <c>radd</c>, ...).</param>
/// <param name="Name">The target: a name in the submission's module (when there is no handle).</param>
/// <param name="Handle">The target: an object the worker keeps.</param>
/// <param name="Attr">An attribute of the target the operation applies to (a method to call, an attribute to read or set).</param>
/// <param name="Args">Positional arguments as canonical values; a handle is <c>{"t": "handle", "id": N}</c>.</param>
/// <param name="Kwargs">Keyword arguments as canonical values (with <c>call</c>).</param>
/// <param name="NextHandle">The first id for objects the answer keeps; the host never reuses an id within a submission.</param>
/// <param name="Release">Ids of kept objects the host no longer uses.</param>
public sealed record InvokeMessage(
    string Op,
    string? Name = null,
    long? Handle = null,
    string? Attr = null,
    IReadOnlyList<JsonElement>? Args = null,
    IReadOnlyDictionary<string, JsonElement>? Kwargs = null,
    long? NextHandle = null,
    IReadOnlyList<long>? Release = null);

/// <summary>One step of <see cref="TestMessage.Steps"/>: an expression whose value is checked (<c>eval</c>) or a statement.</summary>
public sealed record StepMessage(string Code, bool Eval);

/// <summary><c>Result</c> (worker): the answer to <see cref="TestMessage"/>.</summary>
/// <param name="Id">The request's id; absent or different means a forged or stale answer.</param>
/// <param name="Value">The canonical value (docs/protocol.md, "Canonical values"), when the outcome is a value.</param>
/// <param name="More">With <c>take</c>: whether the iterator had more items than were taken.</param>
/// <param name="Steps">A class test's steps, up to the first that did not produce a value; then no top-level output or time.</param>
/// <param name="Message">With outcome <c>protocol_error</c>: why the harness refused the request.</param>
/// <param name="StdoutBytes">With <see cref="TestMessage.StdinBytes"/>: the bytes the program wrote to stdout (base64), instead of <c>stdout</c>.</param>
/// <param name="StderrBytes">Likewise for stderr.</param>
/// <param name="CpuNs">With <see cref="TestMessage.StdinBytes"/>: the worker process's CPU time during the run.</param>
public sealed record ResultMessage(
    string Outcome,
    int? Id = null,
    JsonElement? Value = null,
    ErrorMessage? Error = null,
    bool? More = null,
    IReadOnlyList<StepResultMessage>? Steps = null,
    string? Stdout = null,
    string? Stderr = null,
    bool? OutputTruncated = null,
    long? TimeNs = null,
    string? Message = null,
    string? StdoutBytes = null,
    string? StderrBytes = null,
    long? CpuNs = null);

/// <summary>One entry of <see cref="ResultMessage.Steps"/>.</summary>
/// <param name="Step">The step's zero-based index in the request.</param>
public sealed record StepResultMessage(
    int Step,
    string Outcome,
    JsonElement? Value = null,
    ErrorMessage? Error = null,
    string? Stdout = null,
    string? Stderr = null,
    bool? OutputTruncated = null,
    long? TimeNs = null);

/// <summary>The values of <c>outcome</c>.</summary>
public static class Outcomes
{
    /// <summary>The code ran to completion (a value, or an import that did not raise).</summary>
    public const string Value = "value";
    /// <summary>The code raised; <c>error</c> says what.</summary>
    public const string Exception = "exception";
    /// <summary>The soft deadline fired inside the code.</summary>
    public const string Interrupted = "interrupted";
    /// <summary>Captured stdout or stderr went over <c>output_limit</c>.</summary>
    public const string OutputLimit = "output_limit";
    /// <summary>The harness refused the request (no submission loaded, an unknown kind); <c>message</c> says why.</summary>
    public const string ProtocolError = "protocol_error";
}

/// <summary><c>Fatal</c> (worker): the worker's own failure, not the candidate's.</summary>
public sealed record FatalMessage(string Message);

/// <summary>A compile diagnostic, one-based, columns in bytes for CG1002 and CG1003, else as Python counts them.</summary>
/// <param name="Id">CG1001 syntax error, CG1002 not UTF-8, CG1003 null byte, CG1004 entry missing, CG1005 entry not callable.</param>
public sealed record DiagnosticMessage(
    string Id,
    string Severity,
    string Message,
    int Line,
    int Column,
    int EndLine,
    int EndColumn);

/// <summary>An exception the candidate's code raised.</summary>
/// <param name="Type">Qualified type name (builtins unqualified).</param>
/// <param name="Bases">The qualified names of its base classes, nearest first, without <c>object</c>.</param>
/// <param name="Message">As <c>BaseException.__str__</c> makes it, at most 2,000 characters.</param>
/// <param name="Traceback">From the candidate's first frame, harness frames left out, deep recursion folded.</param>
/// <param name="Line">The deepest line in the candidate's file, if any (a SyntaxError's own line).</param>
/// <param name="Column">A SyntaxError's offset.</param>
public sealed record ErrorMessage(
    string Type,
    IReadOnlyList<string> Bases,
    string Message,
    IReadOnlyList<TracebackFrameMessage> Traceback,
    int? Line = null,
    int? Column = null);

/// <summary>One frame of <see cref="ErrorMessage.Traceback"/>.</summary>
/// <param name="Repeated">How many more times this frame repeated (as Python prints "[Previous line repeated N more times]").</param>
public sealed record TracebackFrameMessage(string File, int Line, string Function, int? Repeated = null);
