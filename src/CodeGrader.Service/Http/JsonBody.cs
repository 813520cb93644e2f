using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;

namespace CodeGrader.Service.Http;

/// <summary>Reads a JSON request body within the endpoint's size limit, turning every way it can be wrong into a problem
/// that says where: not JSON (415), too large (413), malformed (400, with line and byte).</summary>
public static class JsonBody
{
    public static async Task<(JsonDocument? Document, IResult? Problem)> ReadAsync(HttpContext context, long limit)
    {
        var request = context.Request;
        if (request.ContentType is not { } type || !type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
            return (null, Problems.UnsupportedMediaType($"The body must be JSON ('Content-Type: application/json'); it was '{request.ContentType ?? "absent"}'."));
        if (request.ContentLength > limit)
            return (null, Problems.TooLarge($"The body is {request.ContentLength} bytes; this endpoint takes at most {limit}."));
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature) feature.MaxRequestBodySize = limit;
        try
        {
            var document = await JsonDocument.ParseAsync(request.Body, new JsonDocumentOptions { MaxDepth = 32 }, context.RequestAborted).ConfigureAwait(false);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                document.Dispose();
                return (null, Problems.BadRequest($"The body must be a JSON object; it is {document.RootElement.ValueKind.ToString().ToLowerInvariant()}.", ""));
            }
            return (document, null);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, Problems.TooLarge($"The body is larger than this endpoint takes ({limit} bytes)."));
        }
        catch (JsonException e)
        {
            return (null, Problems.BadRequest($"The body is not valid JSON: {e.Message}", e.Path));
        }
    }

    public static string? String(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
