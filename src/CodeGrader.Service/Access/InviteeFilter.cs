using CodeGrader.Service.Http;

namespace CodeGrader.Service.Access;

/// <summary>
/// Invitations are refused everywhere by default: on the /api/v1 group every endpoint refuses an invitee (403) unless it
/// is marked <c>.AllowInvitees()</c>; such an endpoint still checks the invitation's exercise itself
/// (<see cref="Caller.MayUse"/>) and its submissions (<see cref="Caller.Owns"/>). An endpoint added later without the mark
/// is safe for candidates by default.
/// </summary>
public static class InviteeFilter
{
    private sealed record InviteesAllowed;

    public static TBuilder AllowInvitees<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new InviteesAllowed());

    public static RouteGroupBuilder RefuseInviteesByDefault(this RouteGroupBuilder group) =>
        group.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            if (Caller.Find(http) is { IsInvitee: true } && http.GetEndpoint()?.Metadata.GetMetadata<InviteesAllowed>() is null)
                return Problems.Forbidden("An invitation may not do this: it may read its exercise, run its samples, submit, and read its own submissions and invitation.");
            return await next(context).ConfigureAwait(false);
        });

    /// <summary>The 403 for an invitee asking about another exercise.</summary>
    public static IResult OtherExercise(Caller caller, string exercise) =>
        Problems.Forbidden($"This invitation is for exercise '{caller.Exercise}' only, not '{exercise}'.");
}
