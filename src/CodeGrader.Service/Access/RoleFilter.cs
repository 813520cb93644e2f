using CodeGrader.Service.Http;

namespace CodeGrader.Service.Access;

/// <summary><c>.Allow(Roles.Admin, ...)</c> on an endpoint: any other role gets a 403 problem naming the roles that may.</summary>
public static class RoleFilter
{
    public static TBuilder Allow<TBuilder>(this TBuilder builder, params string[] roles) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var caller = Caller.Of(context.HttpContext);
            if (!roles.Contains(caller.Role))
                return Problems.Forbidden($"A key with role '{caller.Role}' may not do this; it needs {string.Join(" or ", roles.Select(r => $"'{r}'"))}.");
            return await next(context).ConfigureAwait(false);
        });
}
