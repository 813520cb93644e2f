namespace CodeGrader.Service.Judge0;

/// <summary><c>GET /config_info</c>: every field Judge0 CE 1.13 documents, with this server's values (what it refuses is off).</summary>
public static class Judge0ConfigInfo
{
    public static Dictionary<string, object> For(ServiceOptions service)
    {
        var o = service.Judge0;
        return new Dictionary<string, object>
        {
            ["maintenance_mode"] = false,
            ["enable_wait_result"] = true,
            ["enable_compiler_options"] = false,
            ["allowed_languages_for_compile_options"] = Array.Empty<string>(),
            ["enable_command_line_arguments"] = false,
            ["enable_submission_delete"] = false,
            ["enable_callbacks"] = true,
            ["callbacks_max_tries"] = o.CallbacksMaxTries,
            ["callbacks_timeout"] = o.CallbacksTimeout,
            ["enable_additional_files"] = false,
            ["max_queue_size"] = o.MaxQueueSize,
            ["cpu_time_limit"] = o.CpuTimeLimit,
            ["max_cpu_time_limit"] = o.MaxCpuTimeLimit,
            ["cpu_extra_time"] = o.CpuExtraTime,
            ["max_cpu_extra_time"] = o.MaxCpuExtraTime,
            ["wall_time_limit"] = o.WallTimeLimit,
            ["max_wall_time_limit"] = o.MaxWallTimeLimit,
            ["memory_limit"] = o.MemoryLimit,
            ["max_memory_limit"] = o.MaxMemoryLimit,
            ["stack_limit"] = o.StackLimit,
            ["max_stack_limit"] = o.MaxStackLimit,
            ["max_processes_and_or_threads"] = o.MaxProcessesAndOrThreads,
            ["max_max_processes_and_or_threads"] = o.MaxMaxProcessesAndOrThreads,
            ["enable_per_process_and_thread_time_limit"] = false,
            ["allow_enable_per_process_and_thread_time_limit"] = false,
            ["enable_per_process_and_thread_memory_limit"] = false,
            ["allow_enable_per_process_and_thread_memory_limit"] = false,
            ["max_file_size"] = o.MaxFileSize,
            ["max_max_file_size"] = o.MaxMaxFileSize,
            ["number_of_runs"] = 1,
            ["max_number_of_runs"] = 1,
            ["redirect_stderr_to_stdout"] = false,
            ["max_extract_size"] = 0,
            ["enable_batched_submissions"] = true,
            ["max_submission_batch_size"] = o.MaxSubmissionBatchSize,
            ["submission_cache_duration"] = 0.0,
            ["use_docs_as_homepage"] = false,
            ["allow_enable_network"] = false,
            ["enable_network"] = false,
        };
    }
}
