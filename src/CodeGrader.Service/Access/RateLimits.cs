using System.Globalization;
using System.Threading.RateLimiting;
using CodeGrader.Service.Http;
using Microsoft.Extensions.Options;

namespace CodeGrader.Service.Access;

/// <summary>
/// Per-key rate limits with ASP.NET Core's rate limiter: a fixed window per key (or invitation), its permits by role
/// (<see cref="RateLimitOptions"/>); every /api request counts against <c>Requests</c>, submissions and runs also
/// against <c>Submissions</c>. Over the limit: 429 problem details with <c>Retry-After</c> (seconds).
/// </summary>
public static class RateLimits
{
    public const string SubmissionsPolicy = "submissions";

    public static IServiceCollection AddKeyRateLimits(this IServiceCollection services, RateLimitOptions options)
    {
        services.AddSingleton(Options.Create(options));
        return services.AddRateLimiter(limiter =>
        {
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context => Partition(context, o => o.Requests));
            limiter.AddPolicy(SubmissionsPolicy, context => Partition(context, o => o.Submissions));
            limiter.OnRejected = async (rejected, token) =>
            {
                var context = rejected.HttpContext;
                var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)) : 1;
                context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                var caller = Caller.Find(context);
                var options = context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;
                var role = caller?.Role ?? "";
                await Problems.Problem(429, "Too many requests",
                    $"This {(caller?.IsInvitee == true ? "invitation" : "key")} reached its rate limit (role '{role}': {Describe(options.Requests, role)} requests and "
                    + $"{Describe(options.Submissions, role)} submissions or runs per {options.Window.TotalSeconds:0.###} s); nothing was done. Retry after {seconds} s.",
                    extensions: new Dictionary<string, object?> { ["retry_after_seconds"] = seconds })
                    .ExecuteAsync(context).ConfigureAwait(false);
            };
        });
    }

    private static string Describe(Dictionary<string, int> permits, string role) =>
        permits.GetValueOrDefault(role) is > 0 and var n ? n.ToString(CultureInfo.InvariantCulture) : "unlimited";

    private static RateLimitPartition<string> Partition(HttpContext context, Func<RateLimitOptions, Dictionary<string, int>> permits)
    {
        if (Caller.Find(context) is not { } caller) return RateLimitPartition.GetNoLimiter("anonymous");
        var options = context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;
        var limit = permits(options).GetValueOrDefault(caller.Role);
        if (limit <= 0) return RateLimitPartition.GetNoLimiter(caller.Partition);
        return RateLimitPartition.GetFixedWindowLimiter(caller.Partition, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = limit,
            Window = options.Window,
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }
}
