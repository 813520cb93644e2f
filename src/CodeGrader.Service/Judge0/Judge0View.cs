using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace CodeGrader.Service.Judge0;

/// <summary>
/// A stored submission as Judge0 shows it: the asked-for fields in Judge0's shapes (decimals as strings, dates as
/// <c>2024-01-31T12:34:56.789Z</c>, status and language as objects, nulls written). With <c>base64_encoded</c> the text
/// attributes (and <c>message</c>) are base64 as Judge0 writes it; without, a text attribute that is not UTF-8 cannot be
/// shown (<see cref="NotUtf8Exception"/>, Judge0's error).
/// </summary>
public static class Judge0View
{
    public const string NotUtf8 = "some attributes for this submission cannot be converted to UTF-8, use base64_encoded=true query parameter";
    public const string NotUtf8Batch = "some attributes for one or more submissions cannot be converted to UTF-8, use base64_encoded=true query parameter";

    public sealed class NotUtf8Exception(string field) : Exception($"'{field}' is not valid UTF-8")
    {
        public string Field { get; } = field;
    }

    public static void Write(Utf8JsonWriter json, Judge0Stored submission, IReadOnlyList<string> fields, bool base64, string languageName)
    {
        var request = submission.Request;
        var settings = request.Settings;
        var result = submission.Result;
        json.WriteStartObject();
        foreach (var field in fields)
        {
            json.WritePropertyName(field);
            switch (field)
            {
                case "source_code": Text(json, field, request.SourceCode, base64); break;
                case "stdin": Text(json, field, request.Stdin, base64); break;
                case "expected_output": Text(json, field, request.ExpectedOutput, base64); break;
                case "stdout": Text(json, field, result?.Stdout, base64); break;
                case "stderr": Text(json, field, result?.Stderr, base64); break;
                case "compile_output": Text(json, field, result?.CompileOutput, base64); break;
                case "message": Text(json, field, result?.Message is { } m ? Encoding.UTF8.GetBytes(m) : null, base64); break;
                case "language_id": json.WriteNumberValue(request.LanguageId); break;
                case "status_id": json.WriteNumberValue(submission.StatusId); break;
                case "created_at": Date(json, submission.CreatedAt); break;
                case "finished_at": Date(json, submission.FinishedAt); break;
                case "time": Decimal(json, result?.Time); break;
                case "wall_time": Decimal(json, result?.WallTime); break;
                case "memory": Integer(json, result?.Memory); break;
                case "token": json.WriteStringValue(submission.Token); break;
                case "number_of_runs": json.WriteNumberValue(settings.NumberOfRuns); break;
                case "cpu_time_limit": Decimal(json, settings.CpuTimeLimit); break;
                case "cpu_extra_time": Decimal(json, settings.CpuExtraTime); break;
                case "wall_time_limit": Decimal(json, settings.WallTimeLimit); break;
                case "memory_limit": json.WriteNumberValue(settings.MemoryLimit); break;
                case "stack_limit": json.WriteNumberValue(settings.StackLimit); break;
                case "max_processes_and_or_threads": json.WriteNumberValue(settings.MaxProcessesAndOrThreads); break;
                case "enable_per_process_and_thread_time_limit": json.WriteBooleanValue(settings.EnablePerProcessAndThreadTimeLimit); break;
                case "enable_per_process_and_thread_memory_limit": json.WriteBooleanValue(settings.EnablePerProcessAndThreadMemoryLimit); break;
                case "max_file_size": json.WriteNumberValue(settings.MaxFileSize); break;
                case "exit_code": Integer(json, result?.ExitCode); break;
                case "exit_signal": Integer(json, result?.ExitSignal); break;
                case "compiler_options": Nullable(json, settings.CompilerOptions); break;
                case "command_line_arguments": Nullable(json, settings.CommandLineArguments); break;
                case "redirect_stderr_to_stdout": json.WriteBooleanValue(settings.RedirectStderrToStdout); break;
                case "callback_url": Nullable(json, settings.CallbackUrl); break;
                case "additional_files": json.WriteNullValue(); break;
                case "enable_network": json.WriteBooleanValue(settings.EnableNetwork); break;
                case "status":
                    json.WriteStartObject();
                    json.WriteNumber("id", submission.StatusId);
                    json.WriteString("description", Judge0Statuses.Describe(submission.StatusId));
                    json.WriteEndObject();
                    break;
                case "language":
                    json.WriteStartObject();
                    json.WriteNumber("id", request.LanguageId);
                    json.WriteString("name", languageName);
                    json.WriteEndObject();
                    break;
                default: throw new ArgumentException($"unknown field '{field}'", nameof(fields));
            }
        }
        json.WriteEndObject();
    }

    /// <summary>The submission as JSON bytes (throws <see cref="NotUtf8Exception"/> as <see cref="Write"/> does).</summary>
    public static byte[] Bytes(Judge0Stored submission, IReadOnlyList<string> fields, bool base64, string languageName)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            Write(json, submission, fields, base64, languageName);
        return buffer.ToArray();
    }

    private static void Text(Utf8JsonWriter json, string field, byte[]? bytes, bool base64)
    {
        if (bytes is null) json.WriteNullValue();
        else if (base64) json.WriteStringValue(Judge0Base64.Encode(bytes));
        else if (!Utf8.IsValid(bytes)) throw new NotUtf8Exception(field);
        else json.WriteStringValue(Encoding.UTF8.GetString(bytes));
    }

    private static void Nullable(Utf8JsonWriter json, string? text)
    {
        if (text is null) json.WriteNullValue();
        else json.WriteStringValue(text);
    }

    private static void Integer(Utf8JsonWriter json, long? value)
    {
        if (value is { } v) json.WriteNumberValue(v);
        else json.WriteNullValue();
    }

    /// <summary>A decimal column as Rails writes it: a string, "5.0", "0.012".</summary>
    private static void Decimal(Utf8JsonWriter json, double? value)
    {
        if (value is { } v) json.WriteStringValue(v.ToString("0.0##########", CultureInfo.InvariantCulture));
        else json.WriteNullValue();
    }

    /// <summary>Rails' JSON time: UTC with milliseconds and Z.</summary>
    private static void Date(Utf8JsonWriter json, DateTimeOffset? value)
    {
        if (value is { } v) json.WriteStringValue(v.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        else json.WriteNullValue();
    }
}
