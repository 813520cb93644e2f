using CodeGrader.Service.Access;
using CodeGrader.Service.Exercises;
using CodeGrader.Service.Http;
using CodeGrader.Service.Storage;
using CodeGrader.Service.Submissions;

namespace CodeGrader.Service.Endpoints;

/// <summary><c>GET /api/v1/exercises/{id}/stats</c> (authors and admins): the exercise's submissions summed up (verdict
/// counts, score bands, the tests that caught the most), over its most recent submissions (at most
/// <see cref="MaxSubmissions"/>).</summary>
public static class StatisticsEndpoints
{
    public const int MaxSubmissions = 10_000;

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/exercises/{id}/stats", async (string id, IExerciseStore exercises, ISubmissionStore submissions, CancellationToken cancellationToken) =>
        {
            if (!ExerciseIds.IsValid(id) || await exercises.LatestAsync(id, cancellationToken).ConfigureAwait(false) is null)
                return Problems.NotFound($"There is no published exercise '{id}'.");
            var found = await submissions.ListAsync(new SubmissionFilter(null, id, null, null, MaxSubmissions), cancellationToken).ConfigureAwait(false);
            return Results.Ok(ExerciseStatistics.Of(id, found));
        }).Allow(Roles.Authors).WithTags("exercises").WithSummary("An exercise's statistics: verdicts, score bands, the tests that caught most (authors)");
    }
}
