using System.Globalization;
using System.Text;
using System.Text.Json;

namespace CodeGrader.Service.Judge0;

/// <summary>
/// Reads one submission of a Judge0 request body and checks it as Judge0 does, with its messages: each problem under
/// the attribute's name (Judge0's 422 body, <c>{"language_id": ["can't be blank"]}</c>). Numbers may come as JSON
/// numbers or numeric strings, as Judge0 takes them. With <c>base64_encoded</c>, <c>source_code</c>, <c>stdin</c> and
/// <c>expected_output</c> are decoded the way Judge0 decodes them.
/// </summary>
public sealed class Judge0Request(Judge0Options options, int maxSourceBytes)
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public static (Judge0NewSubmission? Submission, Dictionary<string, List<string>> Errors) Read(
        JsonElement body, bool base64, long keyId, Judge0Options options, int maxSourceBytes)
    {
        var request = new Judge0Request(options, maxSourceBytes);
        var submission = request.Check(body, base64, keyId);
        return (request._errors.Count == 0 ? submission : null, request._errors);
    }

    private Judge0NewSubmission Check(JsonElement body, bool base64, long keyId)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            Add("submission", "must be a JSON object");
            return null!;
        }
        var source = Text(body, "source_code", base64);
        if (source is null || source.Length == 0) Add("source_code", "can't be blank");
        else if (source.Length > maxSourceBytes) Add("source_code", $"is too long (maximum is {maxSourceBytes} bytes)");

        var language = Integer(body, "language_id");
        if (language is null && !Has(body, "language_id")) Add("language_id", "can't be blank");
        else if (language is { } id && id != Judge0Language.Python3) Add("language_id", $"language with id {id} doesn't exist");

        var cpu = Number(body, "cpu_time_limit", options.CpuTimeLimit, 0, options.MaxCpuTimeLimit, inclusiveMin: true);
        var extra = Number(body, "cpu_extra_time", options.CpuExtraTime, 0, options.MaxCpuExtraTime, inclusiveMin: true);
        var wall = Number(body, "wall_time_limit", options.WallTimeLimit, 1, options.MaxWallTimeLimit, inclusiveMin: true);
        var memory = (int)Number(body, "memory_limit", options.MemoryLimit, 2048, options.MaxMemoryLimit, inclusiveMin: true, integer: true);
        var stack = (int)Number(body, "stack_limit", options.StackLimit, 0, options.MaxStackLimit, inclusiveMin: true, integer: true);
        var processes = (int)Number(body, "max_processes_and_or_threads", options.MaxProcessesAndOrThreads, 0, options.MaxMaxProcessesAndOrThreads, inclusiveMin: false, integer: true);
        var fileSize = (int)Number(body, "max_file_size", options.MaxFileSize, 0, options.MaxMaxFileSize, inclusiveMin: true, integer: true);
        var runs = (int)Number(body, "number_of_runs", 1, 0, 1, inclusiveMin: false, integer: true);

        var perProcessTime = Flag(body, "enable_per_process_and_thread_time_limit", "this option cannot be enabled");
        var perProcessMemory = Flag(body, "enable_per_process_and_thread_memory_limit", "this option cannot be enabled");
        var network = Flag(body, "enable_network", "enabling network is not allowed");
        var redirect = Flag(body, "redirect_stderr_to_stdout", "is not supported by this server");

        var compilerOptions = String(body, "compiler_options");
        if (!string.IsNullOrEmpty(compilerOptions)) Add("compiler_options", "setting compiler options is only allowed for compiled languages");
        var arguments = String(body, "command_line_arguments");
        if (!string.IsNullOrEmpty(arguments)) Add("command_line_arguments", "setting command line arguments is not allowed");
        if (!string.IsNullOrEmpty(String(body, "additional_files"))) Add("additional_files", "setting additional files is not allowed");
        var callback = String(body, "callback_url");
        if (!string.IsNullOrEmpty(callback) && !(Uri.TryCreate(callback, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
            Add("callback_url", "must be an absolute http or https URL");

        var stdin = Text(body, "stdin", base64);
        var expected = Text(body, "expected_output", base64);
        var settings = new Judge0Settings(cpu, extra, wall, memory, stack, processes, perProcessTime, perProcessMemory, fileSize,
            redirect, network, runs, NullIfEmpty(compilerOptions), NullIfEmpty(arguments), NullIfEmpty(callback));
        return new Judge0NewSubmission(keyId, language ?? 0, source ?? [], stdin, expected, settings);
    }

    private void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list)) _errors[field] = list = [];
        list.Add(message);
    }

    private static bool Has(JsonElement body, string name) => body.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null;

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;

    private string? String(JsonElement body, string name)
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind == JsonValueKind.String) return value.GetString();
        Add(name, "must be a string");
        return null;
    }

    /// <summary>A text attribute as bytes: UTF-8 of the string, or its base64 decoded.</summary>
    private byte[]? Text(JsonElement body, string name, bool base64)
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.String)
        {
            Add(name, "must be a string");
            return null;
        }
        string text;
        try
        {
            text = value.GetString()!;
        }
        catch (InvalidOperationException)
        {
            Add(name, "is not valid UTF-8 (a lone surrogate escape); send it base64 encoded with base64_encoded=true");
            return null;
        }
        return base64 ? Judge0Base64.Decode(text) : Encoding.UTF8.GetBytes(text);
    }

    private int? Integer(JsonElement body, string name)
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (Parse(value) is { } number && number == Math.Floor(number) && Math.Abs(number) <= int.MaxValue) return (int)number;
        Add(name, "is not a number");
        return null;
    }

    private bool Flag(JsonElement body, string name, string refusal)
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind is JsonValueKind.Null or JsonValueKind.False) return false;
        if (value.ValueKind == JsonValueKind.True || value.ValueKind == JsonValueKind.String && value.GetString() is "true" or "1")
        {
            Add(name, refusal);
            return true;
        }
        return false;
    }

    private double Number(JsonElement body, string name, double fallback, double min, double max, bool inclusiveMin, bool integer = false)
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return fallback;
        if (Parse(value) is not { } number)
        {
            Add(name, "is not a number");
            return fallback;
        }
        if (integer) number = Math.Truncate(number);
        if (inclusiveMin ? number < min : number <= min)
            Add(name, $"must be greater than {(inclusiveMin ? "or equal to " : "")}{Ruby(min, integer)}");
        else if (number > max)
            Add(name, $"must be less than or equal to {Ruby(max, integer)}");
        return number;
    }

    private static double? Parse(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number => value.GetDouble(),
        JsonValueKind.String when double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) && double.IsFinite(parsed) => parsed,
        _ => null,
    };

    /// <summary>A limit as Judge0's messages print it: "15.0" for a float setting, "512000" for an integer one.</summary>
    private static string Ruby(double value, bool integer) => integer
        ? ((long)value).ToString(CultureInfo.InvariantCulture)
        : value == Math.Floor(value) ? value.ToString("0.0", CultureInfo.InvariantCulture) : value.ToString("R", CultureInfo.InvariantCulture);
}
