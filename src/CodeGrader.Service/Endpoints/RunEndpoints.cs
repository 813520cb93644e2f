using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CodeGrader.Core.Programs;
using CodeGrader.Core.Results;
using CodeGrader.Service.Access;
using CodeGrader.Service.Http;
using CodeGrader.Service.Reports;
using CodeGrader.Service.Submissions;

namespace CodeGrader.Service.Endpoints;

/// <summary><c>POST /api/v1/runs</c> (every role): <c>{exercise, source}</c> graded against the sample tests only, answered
/// with the full report@1 of those tests; with <c>stdin</c> (program exercises), the program run once on that input of the
/// candidate's own, answered with its stdout, stderr, outcome and times. Nothing is stored.</summary>
public static class RunEndpoints
{
    public sealed record RunResult(string Exercise, int ExerciseVersion, JsonNode Report);

    /// <summary>A run on the candidate's own input: what the program wrote (UTF-8, invalid bytes as U+FFFD, plus base64 when
    /// it is not UTF-8), how it ended, and its times and memory.</summary>
    public sealed record StdinRunResult(
        string Exercise, int ExerciseVersion, string Outcome, string Stdout, string Stderr, string? StdoutBase64, string? StderrBase64,
        int? ExitCode, string? Message, int? Line, int? Column, double TimeMs, double? CpuMs, long? PeakMemoryBytes, bool OutputTruncated);

    public static void Map(RouteGroupBuilder api, ServiceOptions options)
    {
        api.MapPost("/runs", async (HttpContext context, SubmissionInput input, SampleRunner runner, StdinRunner stdinRunner) =>
        {
            var caller = Caller.Of(context);
            var (document, problem) = await JsonBody.ReadAsync(context, options.MaxJsonBodyBytes).ConfigureAwait(false);
            if (problem is not null) return problem;
            using (document)
            {
                if (JsonBody.String(document!.RootElement, "exercise") is { } wanted && !caller.MayUse(wanted)) return InviteeFilter.OtherExercise(caller, wanted);
                var (submission, invalid) = await input.ValidateAsync(document!.RootElement, "", context.RequestAborted).ConfigureAwait(false);
                if (invalid is not null) return invalid;
                if (document.RootElement.TryGetProperty("stdin", out var stdin))
                    return await RunOnStdinAsync(context, submission!, stdin, stdinRunner).ConfigureAwait(false);
                if (!SampleRunner.HasSamples(submission!))
                    return Problems.Unprocessable($"Exercise '{submission!.Exercise.Id}' has no sample test to run; submit to run its tests.", "/exercise");
                var report = await runner.TryRunAsync(submission!, context.RequestAborted).ConfigureAwait(false);
                if (report is null)
                {
                    context.Response.Headers.RetryAfter = "2";
                    return Problems.Unavailable("Every runner is busy; retry in a moment.");
                }
                return Results.Ok(new RunResult(submission!.Exercise.Id, submission.Exercise.Version, ReportJson.Node(ReportViews.For(report, caller.ReportView))));
            }
        }).AllowInvitees().RequireRateLimiting(RateLimits.SubmissionsPolicy).WithTags("runs").WithSummary("Run the sample tests only (the candidate's Run before Submit), or a program on the candidate's own stdin; nothing is stored");
    }

    private static async Task<IResult> RunOnStdinAsync(HttpContext context, ValidSubmission submission, JsonElement stdin, StdinRunner runner)
    {
        if (stdin.ValueKind != JsonValueKind.String) return Problems.BadRequest("'stdin' must be a string: the program's input.", "/stdin");
        if (!StdinRunner.Accepts(submission))
            return Problems.Unprocessable($"Exercise '{submission.Exercise.Id}' is not a program exercise: 'stdin' is only for programs (leave it out to run the samples).", "/stdin");
        string text;
        try
        {
            text = stdin.GetString()!;
            _ = Strict.GetByteCount(text);
        }
        catch (Exception e) when (e is InvalidOperationException or EncoderFallbackException)
        {
            return Problems.Unprocessable("'stdin' is not valid UTF-8: it has a lone surrogate.", "/stdin");
        }
        var run = await runner.TryRunAsync(submission, text, context.RequestAborted).ConfigureAwait(false);
        if (run is null)
        {
            context.Response.Headers.RetryAfter = "2";
            return Problems.Unavailable("Every runner is busy; retry in a moment.");
        }
        var utf8 = run.IsUtf8;
        var start = run.CompileError?.Location.Span.Start;
        return Results.Ok(new StdinRunResult(
            submission.Exercise.Id, submission.Exercise.Version, OutcomeName(run.Outcome), run.StdoutText, run.StderrText,
            utf8 ? null : Convert.ToBase64String(run.Stdout.AsSpan()), utf8 ? null : Convert.ToBase64String(run.Stderr.AsSpan()),
            run.ExitCode, run.Message, start is { } s ? s.Line + 1 : null, start is { } c ? c.Character + 1 : null,
            Math.Round(run.WallTime.TotalMilliseconds, 3), run.CpuTime is { } cpu ? Math.Round(cpu.TotalMilliseconds, 3) : null,
            run.PeakMemoryBytes, run.OutputTruncated));
    }

    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The outcome as the API names it (snake_case).</summary>
    public static string OutcomeName(ProgramOutcome outcome) => outcome switch
    {
        ProgramOutcome.Ok => "ok",
        ProgramOutcome.RuntimeError => "runtime_error",
        ProgramOutcome.TimeLimit => "time_limit",
        ProgramOutcome.MemoryLimit => "memory_limit",
        ProgramOutcome.OutputLimit => "output_limit",
        ProgramOutcome.CompileError => "compile_error",
        _ => "internal_error",
    };
}
