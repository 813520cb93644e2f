using System.Text.Json.Nodes;
using CodeGrader.Core.Results;
using CodeGrader.Service.Access;
using CodeGrader.Service.Http;
using CodeGrader.Service.Reports;
using CodeGrader.Service.Submissions;

namespace CodeGrader.Service.Endpoints;

/// <summary><c>POST /api/v1/runs</c> (every role): <c>{exercise, source}</c> graded against the sample tests only, answered
/// with the full report@1 of those tests; nothing is stored.</summary>
public static class RunEndpoints
{
    public sealed record RunResult(string Exercise, int ExerciseVersion, JsonNode Report);

    public static void Map(RouteGroupBuilder api, ServiceOptions options)
    {
        api.MapPost("/runs", async (HttpContext context, SubmissionInput input, SampleRunner runner) =>
        {
            var caller = Caller.Of(context);
            var (document, problem) = await JsonBody.ReadAsync(context, options.MaxJsonBodyBytes).ConfigureAwait(false);
            if (problem is not null) return problem;
            using (document)
            {
                if (JsonBody.String(document!.RootElement, "exercise") is { } wanted && !caller.MayUse(wanted)) return InviteeFilter.OtherExercise(caller, wanted);
                var (submission, invalid) = await input.ValidateAsync(document!.RootElement, "", context.RequestAborted).ConfigureAwait(false);
                if (invalid is not null) return invalid;
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
        }).AllowInvitees().RequireRateLimiting(RateLimits.SubmissionsPolicy).WithTags("runs").WithSummary("Run the sample tests only (the candidate's Run before Submit); nothing is stored");
    }
}
