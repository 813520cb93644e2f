using CodeGrader.Service.Exercises;
using CodeGrader.Service.Http;
using CodeGrader.Service.Judge0;
using CodeGrader.Service.Storage;
using CodeGrader.Service.Storage.Sqlite;
using CodeGrader.Service.Submissions;

namespace CodeGrader.Service;

/// <summary>What the service registers: storage (SQLite behind the store interfaces), the engine, the queue and the
/// grading loops, problem details, JSON options and the OpenAPI document. No CORS: browsers on other origins get nothing.</summary>
public static class ServiceComposition
{
    public static void AddGraderService(this WebApplicationBuilder builder, ServiceOptions options)
    {
        var services = builder.Services;
        services.AddSingleton(options);
        services.AddSingleton(new SqliteDatabase(options.DatabasePath));
        services.AddSingleton<IServiceDatabase>(p => p.GetRequiredService<SqliteDatabase>());
        services.AddSingleton<IKeyStore, SqliteKeyStore>();
        services.AddSingleton<IExerciseStore, SqliteExerciseStore>();
        services.AddSingleton<ISubmissionStore, SqliteSubmissionStore>();
        services.AddCodeGrader(builder.Configuration.GetSection("CodeGrader"));
        services.AddSingleton<ExerciseCatalog>();
        services.AddSingleton<GradingQueue>();
        services.AddSingleton<SubmissionEvents>();
        services.AddSingleton<SubmissionInput>();
        services.AddSingleton<SampleRunner>();
        services.AddSingleton<StdinRunner>();
        services.AddSingleton<GradingService>();
        services.AddHostedService(p => p.GetRequiredService<GradingService>());
        services.AddSingleton<IJudge0Store, SqliteJudge0Store>();
        services.AddSingleton(options.Judge0);
        services.AddSingleton<Judge0Queue>();
        services.AddSingleton<Judge0LanguageInfo>();
        services.AddSingleton<ISubmissionCallback, SignedCallback>();
        services.AddSingleton<Judge0Runner>();
        services.AddHostedService(p => p.GetRequiredService<Judge0Runner>());
        services.Configure<HostOptions>(o => o.ShutdownTimeout = options.ShutdownTimeout);
        services.ConfigureHttpJsonOptions(o => ApiJson.Configure(o.SerializerOptions));
        services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
        {
            c.ProblemDetails.Instance ??= c.HttpContext.Request.Path;
            c.ProblemDetails.Extensions["request_id"] = c.HttpContext.TraceIdentifier;
        });
        services.AddOpenApi();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = Math.Max(options.MaxArchiveBytes, options.MaxJsonBodyBytes);
        });
        builder.WebHost.UseUrls(options.Urls);
    }
}
