using CodeGrader.Service.Access;
using CodeGrader.Service.Exercises;
using CodeGrader.Service.Http;
using CodeGrader.Service.Storage;
using Microsoft.AspNetCore.Http.Features;

namespace CodeGrader.Service.Endpoints;

/// <summary>
/// <c>/api/v1/exercises</c>: list and get for every role (candidates and CI see the candidate view: statement, starter,
/// samples, limits; authors and admins see every test and the reference), versions and upload for authors and admins.
/// </summary>
public static class ExerciseEndpoints
{
    public sealed record UploadResult(string Exercise, int? Version, bool Published, IReadOnlyList<DiagnosticView> Diagnostics);

    public static void Map(RouteGroupBuilder api, ServiceOptions options)
    {
        var exercises = api.MapGroup("/exercises").WithTags("exercises");

        exercises.MapGet("/", async (HttpContext context, IExerciseStore store, CancellationToken cancellationToken) =>
        {
            var caller = Caller.Of(context);
            var all = await store.ListLatestAsync(cancellationToken).ConfigureAwait(false);
            return Results.Ok(all.Where(e => caller.MayUse(e.Id)).Select(ExerciseViews.Summary));
        }).AllowInvitees().WithSummary("List published exercises (latest versions; an invitation: its own only)");

        exercises.MapGet("/{id}", async (string id, int? version, HttpContext context, IExerciseStore store, ExerciseCatalog catalog) =>
        {
            var caller = Caller.Of(context);
            if (!caller.MayUse(id)) return InviteeFilter.OtherExercise(caller, id);
            var stored = !ExerciseIds.IsValid(id) ? null
                : version is { } v ? await store.VersionAsync(id, v, context.RequestAborted).ConfigureAwait(false)
                : await store.LatestAsync(id, context.RequestAborted).ConfigureAwait(false);
            if (stored is null) return Problems.NotFound(version is null ? $"There is no published exercise '{id}'." : $"Exercise '{id}' has no version {version}.");
            var prepared = await catalog.PrepareAsync(stored, context.RequestAborted).ConfigureAwait(false);
            return caller.IsAuthor
                ? Results.Ok(ExerciseViews.Author(stored, prepared, options))
                : Results.Ok(ExerciseViews.Candidate(stored, prepared, options));
        }).AllowInvitees().WithSummary("Get an exercise in the caller's view (?version=N for an older one)");

        exercises.MapGet("/{id}/versions", async (string id, IExerciseStore store, CancellationToken cancellationToken) =>
        {
            var versions = ExerciseIds.IsValid(id) ? await store.VersionsAsync(id, cancellationToken).ConfigureAwait(false) : [];
            return versions.Count == 0 ? Problems.NotFound($"There is no published exercise '{id}'.") : Results.Ok(versions.Select(ExerciseViews.Summary));
        }).Allow(Roles.Authors).WithSummary("List an exercise's versions (authors)");

        exercises.MapPut("/{id}", async (string id, HttpContext context, ExerciseCatalog catalog) =>
        {
            if (!ExerciseIds.IsValid(id)) return Problems.BadRequest($"'{id}' is not a valid exercise id: {ExerciseIds.Rule}.");
            var (archive, problem) = await ReadArchiveAsync(context, options.MaxArchiveBytes).ConfigureAwait(false);
            if (problem is not null) return problem;
            var outcome = await catalog.UploadAsync(id, archive!, Caller.Of(context).KeyId, context.RequestAborted).ConfigureAwait(false);
            if (!outcome.Published)
                return Problems.Unprocessable($"Exercise '{id}' was not published: {outcome.Refusal}.", null,
                    new Dictionary<string, object?> { ["diagnostics"] = outcome.Diagnostics });
            var result = new UploadResult(id, outcome.Version, true, outcome.Diagnostics);
            return Results.Created($"/api/v1/exercises/{id}?version={outcome.Version}", result);
        }).Allow(Roles.Authors).WithSummary("Upload or replace an exercise: its folder as a zip or tar.gz (authors)");
    }

    private static async Task<(byte[]? Archive, IResult? Problem)> ReadArchiveAsync(HttpContext context, long limit)
    {
        if (context.Request.ContentLength > limit)
            return (null, Problems.TooLarge($"The archive is {context.Request.ContentLength} bytes; at most {limit} are taken."));
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature) feature.MaxRequestBodySize = limit;
        using var buffer = new MemoryStream();
        try
        {
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, Problems.TooLarge($"The archive is larger than {limit} bytes."));
        }
        if (buffer.Length == 0) return (null, Problems.BadRequest("The body is empty: send the exercise folder as a zip or tar.gz."));
        return (buffer.ToArray(), null);
    }
}
