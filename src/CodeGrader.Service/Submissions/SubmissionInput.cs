using System.Text;
using System.Text.Json;
using CodeGrader.Core.Grading;
using CodeGrader.Service.Exercises;
using CodeGrader.Service.Http;
using CodeGrader.Service.Storage;

namespace CodeGrader.Service.Submissions;

/// <summary>A submission that passed every check: a published exercise version and a UTF-8 source within its limit.</summary>
public sealed record ValidSubmission(StoredExercise Exercise, PreparedExercise Prepared, string Source);

/// <summary>
/// Checks one <c>{"exercise": "...", "version": 2?, "source": "..."}</c> (or <c>source_base64</c> for raw bytes) and says
/// where it is wrong: a missing field (400), an unknown exercise or version (404), a source over the exercise's
/// <c>max_source_bytes</c> (413), a source that is not UTF-8 (422).
/// </summary>
public sealed class SubmissionInput(IExerciseStore exercises, ExerciseCatalog catalog, ServiceOptions options)
{
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public async Task<(ValidSubmission? Submission, IResult? Problem)> ValidateAsync(JsonElement item, string at, CancellationToken cancellationToken)
    {
        if (item.ValueKind != JsonValueKind.Object) return (null, Problems.BadRequest("A submission must be a JSON object with 'exercise' and 'source'.", at));
        var id = JsonBody.String(item, "exercise");
        if (string.IsNullOrEmpty(id)) return (null, Problems.BadRequest("'exercise' is required: the id of a published exercise (a string).", $"{at}/exercise"));
        StoredExercise? exercise;
        if (item.TryGetProperty("version", out var versionElement))
        {
            if (versionElement.ValueKind != JsonValueKind.Number || !versionElement.TryGetInt32(out var version))
                return (null, Problems.BadRequest("'version' must be an integer.", $"{at}/version"));
            exercise = ExerciseIds.IsValid(id) ? await exercises.VersionAsync(id, version, cancellationToken).ConfigureAwait(false) : null;
            if (exercise is null) return (null, Problems.NotFound($"Exercise '{id}' has no version {version}.", $"{at}/version"));
        }
        else
        {
            exercise = ExerciseIds.IsValid(id) ? await exercises.LatestAsync(id, cancellationToken).ConfigureAwait(false) : null;
            if (exercise is null) return (null, Problems.NotFound($"There is no published exercise '{id}'.", $"{at}/exercise"));
        }
        var prepared = await catalog.PrepareAsync(exercise, cancellationToken).ConfigureAwait(false);
        var max = ExerciseViews.MaxSourceBytes(prepared.Exercise, options);

        var (source, problem) = Source(item, at, max);
        return problem is not null ? (null, problem) : (new ValidSubmission(exercise, prepared, source!), null);
    }

    private static (string? Source, IResult? Problem) Source(JsonElement item, string at, long max)
    {
        if (item.TryGetProperty("source", out var text) && text.ValueKind == JsonValueKind.String)
        {
            string source;
            int bytes;
            try
            {
                source = text.GetString()!;
                bytes = Strict.GetByteCount(source);
            }
            catch (InvalidOperationException)
            {
                return (null, Problems.Unprocessable("'source' is not valid UTF-8: it has a lone surrogate escape (\\uD800-\\uDFFF without its pair).", $"{at}/source"));
            }
            catch (EncoderFallbackException e)
            {
                return (null, Problems.Unprocessable($"'source' is not valid UTF-8: it has a lone surrogate at character {e.Index}.", $"{at}/source"));
            }
            return bytes > max ? (null, TooLarge(bytes, max, $"{at}/source")) : (source, null);
        }
        if (item.TryGetProperty("source_base64", out var encoded) && encoded.ValueKind == JsonValueKind.String)
        {
            byte[] raw;
            try
            {
                raw = Convert.FromBase64String(encoded.GetString()!);
            }
            catch (FormatException)
            {
                return (null, Problems.BadRequest("'source_base64' is not valid base64.", $"{at}/source_base64"));
            }
            if (raw.Length > max) return (null, TooLarge(raw.Length, max, $"{at}/source_base64"));
            try
            {
                return (Strict.GetString(raw), null);
            }
            catch (DecoderFallbackException e)
            {
                return (null, Problems.Unprocessable($"The source is not valid UTF-8: invalid byte at offset {e.Index}.", $"{at}/source_base64"));
            }
        }
        return (null, Problems.BadRequest("'source' is required: the Python source as a string (or 'source_base64' for its bytes).", $"{at}/source"));
    }

    private static IResult TooLarge(long bytes, long max, string pointer) =>
        Problems.TooLarge($"The source is {bytes} bytes; this exercise takes at most {max}.", pointer);
}
