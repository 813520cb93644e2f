using CodeGrader.Service.Access;
using CodeGrader.Service.Storage;

namespace CodeGrader.Service.Judge0;

/// <summary>
/// Judge0's authentication with the service's keys: every request sends a key in <c>X-Auth-Token</c> (Judge0's default
/// header). An absent or unknown key gets Judge0's answer, 401 with an empty body. Any role may use the endpoint; a
/// submission is visible to the key that made it, and to admin and author keys.
/// </summary>
public static class Judge0Auth
{
    public const string Header = "X-Auth-Token";

    public static TBuilder RequireJudge0Token<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            // Judge0's errors are its own bodies (or none): no problem details here.
            if (http.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodePagesFeature>() is { } pages) pages.Enabled = false;
            var presented = http.Request.Headers[Header].ToString().Trim();
            if (presented.Length == 0) return Results.StatusCode(StatusCodes.Status401Unauthorized);
            var keys = http.RequestServices.GetRequiredService<IKeyStore>();
            var key = await keys.FindByHashAsync(ApiKeys.Hash(presented), http.RequestAborted).ConfigureAwait(false);
            if (key is null) return Results.StatusCode(StatusCodes.Status401Unauthorized);
            Caller.Set(http, Caller.From(key));
            return await next(context).ConfigureAwait(false);
        });

    public static bool MaySee(Caller caller, Judge0Stored submission) => caller.SeesAllSubmissions || submission.Request.KeyId == caller.KeyId;
}
