using CodeGrader.Service.Http;
using Microsoft.Extensions.FileProviders;

namespace CodeGrader.Service.Web;

/// <summary>
/// The web page: the bundled files under <c>wwwroot</c> beside the service's assembly (built from <c>ClientApp/</c> by
/// the project's build), and the page paths that all answer with <c>index.html</c> (the script reads the path):
/// <c>/</c> (sign in), <c>/invite/{token}</c>, <c>/exercises/{id}</c>, <c>/author/...</c>. A server built without the
/// page answers them with a 503 problem saying so; the API is unaffected.
/// </summary>
public static class WebPages
{
    public static string Root => Path.Combine(AppContext.BaseDirectory, "wwwroot");

    private static readonly string[] Paths = ["/", "/invite/{token}", "/exercises/{id}", "/author", "/author/{**rest}"];

    public static void Use(WebApplication app)
    {
        if (Directory.Exists(Root))
            app.UseStaticFiles(new StaticFileOptions
            {
                FileProvider = new PhysicalFileProvider(Root),
                OnPrepareResponse = c => c.Context.Response.Headers.CacheControl = "no-cache",
            });
    }

    public static void Map(WebApplication app)
    {
        foreach (var path in Paths)
            app.MapGet(path, (HttpContext context) =>
            {
                var index = Path.Combine(Root, "index.html");
                if (!File.Exists(index))
                    return Problems.Unavailable("This server was built without its web page (wwwroot/index.html is missing): build it with Node.js and npm present (scripts/setup.sh installs them).");
                context.Response.Headers.CacheControl = "no-cache";
                return Results.File(index, "text/html; charset=utf-8");
            }).ExcludeFromDescription();
    }
}
