using System.Text.Json;
using CodeGrader.Service.Access;
using CodeGrader.Service.Storage;
using Microsoft.AspNetCore.Http.Features;

namespace CodeGrader.Service.Judge0;

/// <summary>
/// The part of Judge0 CE 1.13's API its Python SDK uses to run Python, under <see cref="Judge0Options.Prefix"/>:
/// languages, about, config_info, statuses, submissions (one, with wait; a batch) and their results by token, with
/// Judge0's field names, statuses, base64 rules, dates and error bodies.
/// </summary>
public static class Judge0Endpoints
{
    public const string Version = "1.13.1";

    public static void Map(WebApplication app, ServiceOptions options)
    {
        var judge0 = options.Judge0;
        var group = app.MapGroup(judge0.Prefix).RequireJudge0Token().WithTags("judge0");

        group.MapGet("/languages", async (Judge0LanguageInfo language) =>
            Results.Json(new object[] { new { id = Judge0Language.Python3, name = await language.NameAsync().ConfigureAwait(false) } }));

        group.MapGet("/languages/{id}", async (string id, Judge0LanguageInfo language) =>
            id == Judge0Language.Python3.ToString(System.Globalization.CultureInfo.InvariantCulture)
                ? Results.Json(new Dictionary<string, object?>
                {
                    ["id"] = Judge0Language.Python3,
                    ["name"] = await language.NameAsync().ConfigureAwait(false),
                    ["is_archived"] = false,
                    ["source_file"] = Judge0Language.SourceFile,
                    ["compile_cmd"] = null,
                    ["run_cmd"] = "python3 " + Judge0Language.SourceFile,
                })
                : NotFound());

        group.MapGet("/about", () => Results.Json(new Dictionary<string, object?>
        {
            ["version"] = Version,
            ["homepage"] = "https://github.com/codegrader/codegrader",
            ["source_code"] = "https://github.com/codegrader/codegrader",
            ["maintainer"] = "CodeGrader (a Judge0 CE 1.13-compatible endpoint)",
        }));

        group.MapGet("/config_info", () => Results.Json(Judge0ConfigInfo.For(options)));

        group.MapGet("/statuses", () => Results.Json(Judge0Statuses.All.Select(s => new { id = s.Id, description = s.Description })));

        group.MapPost("/submissions", CreateAsync);
        group.MapGet("/submissions/batch", ShowBatchAsync);
        group.MapPost("/submissions/batch", CreateBatchAsync);
        group.MapGet("/submissions/{token}", ShowAsync);
    }

    private static async Task<IResult> CreateAsync(HttpContext context, IJudge0Store store, Judge0Queue queue, Judge0Runner runner,
        Judge0LanguageInfo language, ServiceOptions options)
    {
        var query = context.Request.Query;
        var wait = query["wait"] == "true";
        var base64 = query["base64_encoded"] == "true";
        var (fields, invalid) = Judge0Fields.Parse(query["fields"]);
        if (invalid.Count > 0) return InvalidFields(invalid);
        var (body, problem) = await ReadBodyAsync(context, options).ConfigureAwait(false);
        if (problem is not null) return problem;
        using (body)
        {
            var caller = Caller.Of(context);
            var (submission, errors) = Judge0Request.Read(body!.RootElement, base64, caller.KeyId, options.Judge0, options.MaxSourceBytes);
            if (submission is null) return Results.Json(errors, statusCode: StatusCodes.Status422UnprocessableEntity);
            if (!queue.TryReserve(1)) return QueueFull();
            Judge0Stored stored;
            try
            {
                stored = (await store.AddAsync([submission], context.RequestAborted).ConfigureAwait(false))[0];
            }
            catch
            {
                queue.Release(1);
                throw;
            }
            var finished = wait ? runner.Finished(stored.Id) : null;
            queue.Enqueue(stored.Id);
            if (finished is null) return Results.Json(new { token = stored.Token }, statusCode: StatusCodes.Status201Created);
            try
            {
                await finished.WaitAsync(context.RequestAborted).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                runner.Forget(stored.Id);
                throw;
            }
            var done = await store.GetAsync(stored.Token, CancellationToken.None).ConfigureAwait(false) ?? stored;
            try
            {
                return Json(Judge0View.Bytes(done, fields, base64, await language.NameAsync().ConfigureAwait(false)), StatusCodes.Status201Created);
            }
            catch (Judge0View.NotUtf8Exception)
            {
                return Results.Json(new { token = done.Token, error = Judge0View.NotUtf8 }, statusCode: StatusCodes.Status201Created);
            }
        }
    }

    private static async Task<IResult> ShowAsync(string token, HttpContext context, IJudge0Store store, Judge0LanguageInfo language)
    {
        var query = context.Request.Query;
        var (fields, invalid) = Judge0Fields.Parse(query["fields"]);
        if (invalid.Count > 0) return InvalidFields(invalid);
        var submission = await store.GetAsync(token, context.RequestAborted).ConfigureAwait(false);
        if (submission is null || !Judge0Auth.MaySee(Caller.Of(context), submission)) return NotFound();
        try
        {
            return Json(Judge0View.Bytes(submission, fields, query["base64_encoded"] == "true", await language.NameAsync().ConfigureAwait(false)), StatusCodes.Status200OK);
        }
        catch (Judge0View.NotUtf8Exception)
        {
            return Error(StatusCodes.Status400BadRequest, Judge0View.NotUtf8);
        }
    }

    private static async Task<IResult> CreateBatchAsync(HttpContext context, IJudge0Store store, Judge0Queue queue, ServiceOptions options)
    {
        var base64 = context.Request.Query["base64_encoded"] == "true";
        var (body, problem) = await ReadBodyAsync(context, options).ConfigureAwait(false);
        if (problem is not null) return problem;
        using (body)
        {
            var items = body!.RootElement.TryGetProperty("submissions", out var list) && list.ValueKind == JsonValueKind.Array ? list.EnumerateArray().ToList() : [];
            if (items.Count > options.Judge0.MaxSubmissionBatchSize)
                return Error(StatusCodes.Status400BadRequest, $"number of submissions in a batch should be less than or equal to {options.Judge0.MaxSubmissionBatchSize}");
            if (items.Count == 0) return Error(StatusCodes.Status400BadRequest, "there should be at least one submission in a batch");
            var caller = Caller.Of(context);
            var checkedItems = items.Select(i => Judge0Request.Read(i, base64, caller.KeyId, options.Judge0, options.MaxSourceBytes)).ToList();
            var valid = checkedItems.Where(c => c.Submission is not null).Select(c => c.Submission!).ToList();
            if (valid.Count > 0 && !queue.TryReserve(valid.Count)) return QueueFull();
            IReadOnlyList<Judge0Stored> stored = [];
            try
            {
                if (valid.Count > 0) stored = await store.AddAsync(valid, context.RequestAborted).ConfigureAwait(false);
            }
            catch
            {
                queue.Release(valid.Count);
                throw;
            }
            foreach (var s in stored) queue.Enqueue(s.Id);
            var next = 0;
            var response = checkedItems.Select(c => c.Submission is null ? (object)c.Errors : new { token = stored[next++].Token }).ToList();
            return Results.Json(response, statusCode: valid.Count > 0 ? StatusCodes.Status201Created : StatusCodes.Status422UnprocessableEntity);
        }
    }

    private static async Task<IResult> ShowBatchAsync(HttpContext context, IJudge0Store store, Judge0LanguageInfo language, ServiceOptions options)
    {
        var query = context.Request.Query;
        var (fields, invalid) = Judge0Fields.Parse(query["fields"]);
        if (invalid.Count > 0) return InvalidFields(invalid);
        var tokens = query["tokens"].ToString().Trim().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (tokens.Length > options.Judge0.MaxSubmissionBatchSize)
            return Error(StatusCodes.Status400BadRequest, $"number of submissions in a batch should be less than or equal to {options.Judge0.MaxSubmissionBatchSize}");
        if (tokens.Length == 0) return Error(StatusCodes.Status400BadRequest, "there should be at least one submission in a batch");
        var caller = Caller.Of(context);
        var found = (await store.GetManyAsync(tokens, context.RequestAborted).ConfigureAwait(false))
            .Where(s => Judge0Auth.MaySee(caller, s)).ToDictionary(s => s.Token, StringComparer.Ordinal);
        var name = await language.NameAsync().ConfigureAwait(false);
        var base64 = query["base64_encoded"] == "true";
        using var buffer = new MemoryStream();
        try
        {
            using var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
            json.WriteStartObject();
            json.WriteStartArray("submissions");
            foreach (var token in tokens)
            {
                if (found.TryGetValue(token, out var submission)) Judge0View.Write(json, submission, fields, base64, name);
                else json.WriteNullValue();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        catch (Judge0View.NotUtf8Exception)
        {
            return Error(StatusCodes.Status400BadRequest, Judge0View.NotUtf8Batch);
        }
        return Json(buffer.ToArray(), StatusCodes.Status200OK);
    }

    /// <summary>The JSON body within the service's limit; anything else is Judge0's 400 <c>{"error": ...}</c> saying what.</summary>
    private static async Task<(JsonDocument? Body, IResult? Problem)> ReadBodyAsync(HttpContext context, ServiceOptions options)
    {
        var limit = options.MaxJsonBodyBytes;
        if (context.Request.ContentLength > limit)
            return (null, Error(StatusCodes.Status413PayloadTooLarge, $"the body is {context.Request.ContentLength} bytes; at most {limit} are taken"));
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature) feature.MaxRequestBodySize = limit;
        try
        {
            var body = await JsonDocument.ParseAsync(context.Request.Body, new JsonDocumentOptions { MaxDepth = 32 }, context.RequestAborted).ConfigureAwait(false);
            if (body.RootElement.ValueKind == JsonValueKind.Object) return (body, null);
            body.Dispose();
            return (null, Error(StatusCodes.Status400BadRequest, "the body must be a JSON object"));
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, Error(StatusCodes.Status413PayloadTooLarge, $"the body is larger than the {limit} bytes taken"));
        }
        catch (JsonException e)
        {
            return (null, Error(StatusCodes.Status400BadRequest, $"the body is not valid JSON: {e.Message}"));
        }
    }

    private static IResult Json(byte[] body, int status) => new StatusBytes(body, status);

    private static IResult Error(int status, string error) => Results.Json(new { error }, statusCode: status);

    private static IResult InvalidFields(IReadOnlyList<string> invalid) => Error(StatusCodes.Status400BadRequest, $"invalid fields: [{string.Join(", ", invalid)}]");

    private static IResult QueueFull() => Error(StatusCodes.Status503ServiceUnavailable, "queue is full");

    private static IResult NotFound() => Results.Json(new { error = "Not Found" }, statusCode: StatusCodes.Status404NotFound);

    /// <summary>Ready JSON bytes with their status.</summary>
    private sealed class StatusBytes(byte[] body, int status) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = status;
            httpContext.Response.ContentType = "application/json; charset=utf-8";
            await httpContext.Response.Body.WriteAsync(body).ConfigureAwait(false);
        }
    }
}
