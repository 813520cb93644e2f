namespace CodeGrader.Service.Judge0;

/// <summary>
/// The attributes a submission shows (<c>fields</c>): Judge0 1.13's, less those its Python SDK's model does not know
/// (<c>started_at</c>, <c>queued_at</c>, <c>updated_at</c>, <c>queue_host</c>, <c>execution_host</c>: the SDK's
/// <c>set_attributes</c> fails on them). <c>*</c> is all of them; none asked for is Judge0's default eight.
/// </summary>
public static class Judge0Fields
{
    public static readonly IReadOnlyList<string> Available =
    [
        "source_code", "language_id", "stdin", "expected_output", "stdout", "status_id", "created_at", "finished_at", "time", "memory",
        "stderr", "token", "number_of_runs", "cpu_time_limit", "cpu_extra_time", "wall_time_limit", "memory_limit", "stack_limit",
        "max_processes_and_or_threads", "enable_per_process_and_thread_time_limit", "enable_per_process_and_thread_memory_limit",
        "max_file_size", "compile_output", "exit_code", "exit_signal", "message", "wall_time", "compiler_options", "command_line_arguments",
        "redirect_stderr_to_stdout", "callback_url", "additional_files", "enable_network", "status", "language",
    ];

    public static readonly IReadOnlyList<string> Default = ["token", "time", "memory", "stdout", "stderr", "compile_output", "message", "status"];

    public static readonly IReadOnlyList<string> TokenOnly = ["token"];

    /// <summary>The fields asked for, or the names that are not fields (Judge0's 400 "invalid fields: [...]").</summary>
    public static (IReadOnlyList<string> Fields, IReadOnlyList<string> Invalid) Parse(string? requested)
    {
        var names = (requested ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var invalid = names.Where(n => n != "*" && !Available.Contains(n)).ToList();
        if (names.Contains("*")) return (Available, invalid);
        var valid = names.Where(Available.Contains).Distinct().ToList();
        return (valid.Count > 0 ? valid : Default, invalid);
    }
}
