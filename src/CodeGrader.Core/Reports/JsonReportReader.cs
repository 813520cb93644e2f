using System.Collections.Immutable;
using System.Runtime.InteropServices;
using System.Text.Json;
using CodeGrader.Core.Diagnostics;
using CodeGrader.Core.Grading;
using CodeGrader.Core.Results;

namespace CodeGrader.Core.Reports;

/// <summary>
/// Reads a <c>codegrader/report@1</c> document back into a <see cref="GradeReport"/>, so documents made from JSON
/// Lines (a batch's JUnit XML, CSV, summary) are projections of the same report as everything else. One pass over the
/// JSON's tokens, each member taken as it comes (a batch reads back every report it writes: through a document and a
/// lookup by name per field, a 124,000-test run spent half a second of the host's CPU in it). A member the format does
/// not have is skipped; a required one missing throws <see cref="KeyNotFoundException"/>, a value of the wrong type
/// <see cref="InvalidOperationException"/>, another schema or an unknown verdict or status <see cref="FormatException"/>.
/// </summary>
public static class JsonReportReader
{
    private static readonly JsonReaderOptions Options = new() { MaxDepth = 256 };

    /// <summary>The report an element of a parsed document holds, read from the element's own bytes (no copy).</summary>
    public static GradeReport Read(JsonElement root) => Read(JsonMarshal.GetRawUtf8Value(root));

    public static GradeReport Read(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, Options);
        reader.Read();
        Expect(ref reader, JsonTokenType.StartObject, "the report");
        string? schema = null, view = null, exerciseId = null, exerciseTitle = null, submission = null, verdict = null, message = null, python = null;
        double? score = null;
        long? peak = null;
        ErrorInfo? error = null;
        ImmutableArray<TestResult>? tests = null;
        ImmutableArray<ReportDiagnostic>? diagnostics = null;
        SandboxInfo? sandbox = null;
        GradeTimings? timings = null;
        while (NextMember(ref reader))
        {
            if (reader.ValueTextEquals("schema"u8)) schema = String(ref reader);
            else if (reader.ValueTextEquals("view"u8)) view = String(ref reader);
            else if (reader.ValueTextEquals("exercise"u8)) (exerciseId, exerciseTitle) = ReadExercise(ref reader);
            else if (reader.ValueTextEquals("submission"u8)) submission = String(ref reader);
            else if (reader.ValueTextEquals("verdict"u8)) verdict = String(ref reader);
            else if (reader.ValueTextEquals("score"u8)) score = Double(ref reader);
            else if (reader.ValueTextEquals("message"u8)) message = Text(ref reader);
            else if (reader.ValueTextEquals("error"u8)) error = ReadError(ref reader);
            else if (reader.ValueTextEquals("tests"u8)) tests = ReadTests(ref reader);
            else if (reader.ValueTextEquals("diagnostics"u8)) diagnostics = ReadDiagnostics(ref reader);
            else if (reader.ValueTextEquals("sandbox"u8)) sandbox = ReadSandbox(ref reader);
            else if (reader.ValueTextEquals("python"u8)) python = Text(ref reader);
            else if (reader.ValueTextEquals("peak_memory_bytes"u8)) peak = Int64(ref reader);
            else if (reader.ValueTextEquals("timings"u8)) timings = ReadTimings(ref reader);
            else Skip(ref reader);
        }
        if (reader.Read()) throw new FormatException("the report is followed by more JSON");
        if (Required(schema, "schema") != GradeReport.Schema) throw new FormatException($"not a {GradeReport.Schema} document");
        return new GradeReport
        {
            Exercise = Required(exerciseTitle, "title"),
            ExerciseId = Required(exerciseId, "id"),
            Submission = Required(submission, "submission"),
            Verdict = ParseVerdict(Required(verdict, "verdict")),
            Score = RequiredValue(score, "score"),
            Message = message,
            Error = error,
            Tests = RequiredValue(tests, "tests"),
            Diagnostics = RequiredValue(diagnostics, "diagnostics"),
            Sandbox = Required(sandbox, "sandbox"),
            PeakMemoryBytes = peak,
            PythonVersion = python,
            Timings = Required(timings, "timings"),
            View = Required(view, "view") == "candidate" ? ReportView.Candidate : ReportView.Author,
        };
    }

    private static (string? Id, string? Title) ReadExercise(ref Utf8JsonReader reader)
    {
        StartObject(ref reader, "exercise");
        string? id = null, title = null;
        while (NextMember(ref reader))
        {
            if (reader.ValueTextEquals("id"u8)) id = String(ref reader);
            else if (reader.ValueTextEquals("title"u8)) title = String(ref reader);
            else Skip(ref reader);
        }
        return (Required(id, "id"), Required(title, "title"));
    }

    private static ImmutableArray<TestResult> ReadTests(ref Utf8JsonReader reader)
    {
        StartArray(ref reader, "tests");
        var tests = ImmutableArray.CreateBuilder<TestResult>();
        while (NextItem(ref reader)) tests.Add(ReadTest(ref reader));
        return tests.ToImmutable();
    }

    private static TestResult ReadTest(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.StartObject, "a test");
        string? name = null, status = null, message = null, call = null, stdin = null, expected = null, actual = null, diff = null, stdout = null, stderr = null;
        bool? sample = null;
        var redacted = false;
        double? weight = null, time = null, callMs = null;
        ErrorInfo? error = null;
        while (NextMember(ref reader))
        {
            if (reader.ValueTextEquals("name"u8)) name = String(ref reader);
            else if (reader.ValueTextEquals("sample"u8)) sample = Boolean(ref reader);
            else if (reader.ValueTextEquals("weight"u8)) weight = Double(ref reader);
            else if (reader.ValueTextEquals("status"u8)) status = String(ref reader);
            else if (reader.ValueTextEquals("time_ms"u8)) time = Double(ref reader);
            else if (reader.ValueTextEquals("call_ms"u8)) callMs = Number(ref reader);
            else if (reader.ValueTextEquals("message"u8)) message = Text(ref reader);
            else if (reader.ValueTextEquals("redacted"u8)) redacted = Boolean(ref reader);
            else if (reader.ValueTextEquals("call"u8)) call = Text(ref reader);
            else if (reader.ValueTextEquals("stdin"u8)) stdin = Text(ref reader);
            else if (reader.ValueTextEquals("expected"u8)) expected = Text(ref reader);
            else if (reader.ValueTextEquals("actual"u8)) actual = Text(ref reader);
            else if (reader.ValueTextEquals("diff"u8)) diff = Text(ref reader);
            else if (reader.ValueTextEquals("stdout"u8)) stdout = Text(ref reader);
            else if (reader.ValueTextEquals("stderr"u8)) stderr = Text(ref reader);
            else if (reader.ValueTextEquals("error"u8)) error = ReadError(ref reader);
            else Skip(ref reader);
        }
        return new TestResult
        {
            Name = Required(name, "name"),
            Sample = RequiredValue(sample, "sample"),
            Weight = RequiredValue(weight, "weight"),
            Status = ParseStatus(Required(status, "status")),
            TimeMs = RequiredValue(time, "time_ms"),
            CallMs = callMs,
            Message = message,
            Redacted = redacted,
            Call = call,
            Stdin = stdin,
            Expected = expected,
            Actual = actual,
            Diff = diff,
            Stdout = stdout,
            Stderr = stderr,
            Error = error,
        };
    }

    private static ErrorInfo ReadError(ref Utf8JsonReader reader)
    {
        StartObject(ref reader, "error");
        string? type = null, message = null;
        int? line = null;
        ImmutableArray<string>? traceback = null;
        while (NextMember(ref reader))
        {
            if (reader.ValueTextEquals("type"u8)) type = String(ref reader);
            else if (reader.ValueTextEquals("message"u8)) message = String(ref reader);
            else if (reader.ValueTextEquals("line"u8)) line = Int32(ref reader);
            else if (reader.ValueTextEquals("traceback"u8))
            {
                StartArray(ref reader, "traceback");
                var frames = ImmutableArray.CreateBuilder<string>();
                while (NextItem(ref reader)) frames.Add(reader.GetString() ?? "");
                traceback = frames.ToImmutable();
            }
            else Skip(ref reader);
        }
        return new ErrorInfo(Required(type, "type"), Required(message, "message"), [.. RequiredValue(traceback, "traceback")], line);
    }

    private static ImmutableArray<ReportDiagnostic> ReadDiagnostics(ref Utf8JsonReader reader)
    {
        StartArray(ref reader, "diagnostics");
        var diagnostics = ImmutableArray.CreateBuilder<ReportDiagnostic>();
        while (NextItem(ref reader))
        {
            Expect(ref reader, JsonTokenType.StartObject, "a diagnostic");
            string? id = null, severity = null, message = null, file = null;
            int? line = null, column = null, endLine = null, endColumn = null;
            while (NextMember(ref reader))
            {
                if (reader.ValueTextEquals("id"u8)) id = String(ref reader);
                else if (reader.ValueTextEquals("severity"u8)) severity = Text(ref reader) ?? "error";
                else if (reader.ValueTextEquals("message"u8)) message = String(ref reader);
                else if (reader.ValueTextEquals("file"u8)) file = String(ref reader);
                else if (reader.ValueTextEquals("line"u8)) line = Int32(ref reader);
                else if (reader.ValueTextEquals("column"u8)) column = Int32(ref reader);
                else if (reader.ValueTextEquals("end_line"u8)) endLine = Int32(ref reader);
                else if (reader.ValueTextEquals("end_column"u8)) endColumn = Int32(ref reader);
                else Skip(ref reader);
            }
            diagnostics.Add(new ReportDiagnostic(
                Required(id, "id"), Enum.Parse<DiagnosticSeverity>(Required(severity, "severity"), ignoreCase: true), Required(message, "message"),
                Required(file, "file"), RequiredValue(line, "line"), RequiredValue(column, "column"), RequiredValue(endLine, "end_line"), RequiredValue(endColumn, "end_column"),
                null));
        }
        return diagnostics.ToImmutable();
    }

    private static SandboxInfo ReadSandbox(ref Utf8JsonReader reader)
    {
        StartObject(ref reader, "sandbox");
        string? description = null;
        bool? confined = null;
        while (NextMember(ref reader))
        {
            if (reader.ValueTextEquals("description"u8)) description = String(ref reader);
            else if (reader.ValueTextEquals("confined"u8)) confined = Boolean(ref reader);
            else Skip(ref reader);
        }
        return new SandboxInfo(Required(description, "description"), RequiredValue(confined, "confined"));
    }

    private static GradeTimings ReadTimings(ref Utf8JsonReader reader)
    {
        StartObject(ref reader, "timings");
        double? total = null, prepare = null, start = null, load = null, tests = null;
        while (NextMember(ref reader))
        {
            if (reader.ValueTextEquals("total_ms"u8)) total = Double(ref reader);
            else if (reader.ValueTextEquals("prepare_ms"u8)) prepare = Double(ref reader);
            else if (reader.ValueTextEquals("worker_start_ms"u8)) start = Number(ref reader);
            else if (reader.ValueTextEquals("load_ms"u8)) load = Number(ref reader);
            else if (reader.ValueTextEquals("tests_ms"u8)) tests = Double(ref reader);
            else Skip(ref reader);
        }
        return new GradeTimings(RequiredValue(total, "total_ms"), RequiredValue(prepare, "prepare_ms"), start, load, RequiredValue(tests, "tests_ms"));
    }

    private static readonly ImmutableDictionary<string, Verdict> Verdicts =
        Enum.GetValues<Verdict>().ToImmutableDictionary(VerdictRules.Name);

    private static readonly ImmutableDictionary<string, TestStatus> Statuses =
        Enum.GetValues<TestStatus>().ToImmutableDictionary(VerdictRules.Name);

    public static Verdict ParseVerdict(string? name) =>
        name is not null && Verdicts.TryGetValue(name, out var verdict) ? verdict : throw new FormatException($"unknown verdict '{name}'");

    public static TestStatus ParseStatus(string? name) =>
        name is not null && Statuses.TryGetValue(name, out var status) ? status : throw new FormatException($"unknown test status '{name}'");

    /// <summary>Moves to the next member's name; false at the object's end.</summary>
    private static bool NextMember(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType == JsonTokenType.PropertyName;
    }

    /// <summary>Moves to the next item; false at the array's end.</summary>
    private static bool NextItem(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType != JsonTokenType.EndArray;
    }

    private static void StartObject(ref Utf8JsonReader reader, string what)
    {
        reader.Read();
        Expect(ref reader, JsonTokenType.StartObject, what);
    }

    private static void StartArray(ref Utf8JsonReader reader, string what)
    {
        reader.Read();
        Expect(ref reader, JsonTokenType.StartArray, what);
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type, string what)
    {
        if (reader.TokenType != type) throw new InvalidOperationException($"{what} is a {reader.TokenType}, not a {type}");
    }

    private static void Skip(ref Utf8JsonReader reader)
    {
        reader.Read();
        reader.Skip();
    }

    /// <summary>A member that must be a string (null reads as an empty one, as the element reader had it).</summary>
    private static string String(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.GetString() ?? "";
    }

    /// <summary>A member read as text only when it is a string (else none).</summary>
    private static string? Text(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.String) return reader.GetString();
        reader.Skip();
        return null;
    }

    /// <summary>A member read as a number only when it is one (else none).</summary>
    private static double? Number(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Number) return reader.GetDouble();
        reader.Skip();
        return null;
    }

    private static double Double(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.GetDouble();
    }

    private static int Int32(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.GetInt32();
    }

    private static long Int64(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.GetInt64();
    }

    private static bool Boolean(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.GetBoolean();
    }

    private static T Required<T>(T? value, string name) where T : class =>
        value ?? throw new KeyNotFoundException($"the report has no '{name}'");

    private static T RequiredValue<T>(T? value, string name) where T : struct =>
        value ?? throw new KeyNotFoundException($"the report has no '{name}'");
}
