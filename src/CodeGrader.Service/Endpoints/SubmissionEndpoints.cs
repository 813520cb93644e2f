using System.Text.Json;
using CodeGrader.Service.Access;
using CodeGrader.Service.Exercises;
using CodeGrader.Service.Http;
using CodeGrader.Service.Storage;
using CodeGrader.Service.Submissions;
using CodeGrader.Service.Webhooks;

namespace CodeGrader.Service.Endpoints;

/// <summary>
/// <c>/api/v1/submissions</c>: create one (<c>{exercise, source}</c>) or a batch (<c>{submissions: [...]}</c>), stored as
/// queued before the 202; get and list in the caller's view (candidates and CI: only their own; authors and admins:
/// all, filtered by exercise, verdict, status); cancel (the sender, authors, admins).
/// </summary>
public static class SubmissionEndpoints
{
    public sealed record Accepted(IReadOnlyList<SubmissionView> Submissions);

    public static void Map(RouteGroupBuilder api, ServiceOptions options)
    {
        var submissions = api.MapGroup("/submissions").WithTags("submissions");

        submissions.MapPost("/", async (HttpContext context, SubmissionInput input, ISubmissionStore store, IGradingQueue queue, CallbackTargets callbacks,
            InvitationGate gate, ILoggerFactory logs) =>
        {
            var caller = Caller.Of(context);
            var (document, problem) = await JsonBody.ReadAsync(context, options.MaxJsonBodyBytes).ConfigureAwait(false);
            if (problem is not null) return problem;
            using (document)
            {
                var root = document!.RootElement;
                var batch = root.TryGetProperty("submissions", out var list);
                if (batch && list.ValueKind != JsonValueKind.Array) return Problems.BadRequest("'submissions' must be an array of {exercise, source}.", "/submissions");
                if (batch && caller.IsInvitee) return Problems.Forbidden("An invitation submits one solution at a time, not a batch.");
                var items = batch ? [.. list.EnumerateArray()] : new List<JsonElement> { root };
                if (items.Count == 0) return Problems.BadRequest("'submissions' is empty.", "/submissions");
                if (items.Count > options.MaxBatch) return Problems.TooLarge($"A batch holds at most {options.MaxBatch} submissions; this one has {items.Count}.", "/submissions");

                var valid = new List<(ValidSubmission Submission, string? Callback)>(items.Count);
                for (var i = 0; i < items.Count; i++)
                {
                    var at = batch ? $"/submissions/{i}" : "";
                    if (JsonBody.String(items[i], "exercise") is { } wanted && !caller.MayUse(wanted)) return InviteeFilter.OtherExercise(caller, wanted);
                    var (submission, invalid) = await input.ValidateAsync(items[i], at, context.RequestAborted).ConfigureAwait(false);
                    if (invalid is not null) return invalid;
                    var (callback, refused) = await callbacks.ForNewSubmissionAsync(caller, items[i], batch ? root : default, at, context.RequestAborted).ConfigureAwait(false);
                    if (refused is not null) return refused;
                    valid.Add((submission!, callback));
                }
                if (caller.IsInvitee && await gate.ExhaustedAsync(caller, context.RequestAborted).ConfigureAwait(false) is { } exhausted) return exhausted;
                var stored = await store.AddAsync([.. valid.Select(v => new NewSubmission(caller.KeyId, v.Submission.Exercise.Id, v.Submission.Exercise.Version,
                    v.Submission.Source, caller.InvitationId, v.Callback))], CancellationToken.None).ConfigureAwait(false);
                if (stored.Count == 0) return await gate.RefusedAsync(caller, context).ConfigureAwait(false);
                var ids = stored.Select(s => s.Id).ToList();
                var queued = false;
                try
                {
                    queued = await queue.TryEnqueueAsync(ids, CancellationToken.None).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    logs.CreateLogger(typeof(SubmissionEndpoints)).LogError(e, "The {Kind} queue could not take {Count} submissions", queue.Kind, ids.Count);
                }
                finally
                {
                    if (!queued) await store.DeleteAsync(ids, CancellationToken.None).ConfigureAwait(false);
                }
                if (!queued)
                {
                    var depth = await queue.DepthAsync(CancellationToken.None).ConfigureAwait(false);
                    context.Response.Headers.RetryAfter = "5";
                    return Problems.Unavailable(depth.Reachable
                        ? $"The grading queue is full ({depth.Waiting} of {depth.Capacity} waiting); nothing was stored. Retry later."
                        : "The grading queue cannot be reached; nothing was stored. Retry later.");
                }
                var views = stored.Select(s => SubmissionView.For(s, caller, withReport: false)).ToList();
                return batch
                    ? Results.Accepted("/api/v1/submissions", new Accepted(views))
                    : Results.Accepted($"/api/v1/submissions/{views[0].Id}", views[0]);
            }
        }).AllowInvitees().RequireRateLimiting(RateLimits.SubmissionsPolicy)
            .WithSummary("Submit a solution, or a batch ({submissions: [...]}); 202 once it is stored and queued");

        submissions.MapGet("/", async (HttpContext context, ISubmissionStore store, IKeyStore keys, IInvitationStore invitations, string? exercise, string? verdict,
            string? status, long? key, long? invitation, int? limit) =>
        {
            var caller = Caller.Of(context);
            if (!caller.SeesAllSubmissions && verdict is not null)
                return Problems.Forbidden($"A key with role '{caller.Role}' may not filter by verdict; that is for authors and admins.");
            if (!caller.SeesAllSubmissions && (key is not null || invitation is not null))
                return Problems.Forbidden($"A key with role '{caller.Role}' may not filter by {(key is not null ? "key" : "invitation")}; that is for authors and admins.");
            if (limit is < 1 or > 1000) return Problems.BadRequest("'limit' must be between 1 and 1000.", "?limit");
            var filter = caller.SeesAllSubmissions ? new SubmissionFilter(key, exercise, verdict, status, limit ?? 100, invitation)
                : caller.InvitationId is { } own ? new SubmissionFilter(null, exercise, null, status, limit ?? 100, own)
                : new SubmissionFilter(caller.KeyId, exercise, null, status, limit ?? 100, KeysOnly: true);
            var found = await store.ListAsync(filter, context.RequestAborted).ConfigureAwait(false);
            var names = await NamesAsync(caller, keys, invitations, context.RequestAborted).ConfigureAwait(false);
            return Results.Ok(found.Select(s => SubmissionView.For(s, caller, withReport: false, names)));
        }).AllowInvitees().WithSummary("List submissions (yours; authors and admins: all, by ?exercise=, ?verdict=, ?status=, ?key=, ?invitation=)");

        submissions.MapGet("/{id:long}", async (long id, HttpContext context, ISubmissionStore store, IKeyStore keys, IInvitationStore invitations) =>
        {
            var caller = Caller.Of(context);
            var submission = await Visible(store, id, caller, context.RequestAborted).ConfigureAwait(false);
            if (submission is null) return NotFound(id);
            return Results.Ok(SubmissionView.For(submission, caller, names: await NamesAsync(caller, keys, invitations, context.RequestAborted).ConfigureAwait(false)));
        }).AllowInvitees().WithSummary("Get a submission with its report in the caller's view");

        submissions.MapPost("/{id:long}/cancel", async (long id, HttpContext context, ISubmissionStore store, IGradingCancellation cancellation) =>
        {
            var caller = Caller.Of(context);
            var submission = await Visible(store, id, caller, context.RequestAborted).ConfigureAwait(false);
            if (submission is null) return NotFound(id);
            var cancelled = await store.CancelQueuedAsync(id, CancellationToken.None).ConfigureAwait(false)
                || await cancellation.CancelRunningAsync(id, CancellationToken.None).ConfigureAwait(false);
            if (!cancelled) return Problems.Conflict($"Submission {id} is already {submission.Status}; only a queued or running one can be cancelled.");
            var now = await WaitForEndAsync(store, id, context.RequestAborted).ConfigureAwait(false);
            return Results.Ok(SubmissionView.For(now, caller));
        }).AllowInvitees().WithSummary("Cancel a queued or running submission");
    }

    /// <summary>The submission if the caller may see it: its own (an invitation's: those sent with it), or any for authors
    /// and admins. Others' are "not found".</summary>
    public static async Task<StoredSubmission?> Visible(ISubmissionStore store, long id, Caller caller, CancellationToken cancellationToken)
    {
        var submission = await store.GetAsync(id, cancellationToken).ConfigureAwait(false);
        return submission is not null && (caller.SeesAllSubmissions || caller.Owns(submission)) ? submission : null;
    }

    /// <summary>Names of keys and invitations, for authors and admins (who see who sent what); null for anyone else.</summary>
    private static async Task<SubmitterNames?> NamesAsync(Caller caller, IKeyStore keys, IInvitationStore invitations, CancellationToken cancellationToken) =>
        caller.SeesAllSubmissions ? await SubmitterNames.LoadAsync(keys, invitations, cancellationToken).ConfigureAwait(false) : null;

    public static IResult NotFound(long id) => Problems.NotFound($"There is no submission {id} that this key may see.");

    private static async Task<StoredSubmission> WaitForEndAsync(ISubmissionStore store, long id, CancellationToken cancellationToken)
    {
        for (var i = 0; ; i++)
        {
            var s = (await store.GetAsync(id, cancellationToken).ConfigureAwait(false))!;
            if (s.Status is not (SubmissionStatus.Queued or SubmissionStatus.Running) || i >= 100) return s;
            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }
    }
}
