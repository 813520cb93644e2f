using System.Text.Json;
using System.Text.Json.Serialization;

namespace CodeGrader.Service.Http;

/// <summary>How the API writes JSON: snake_case like report@1, absent rather than null.</summary>
public static class ApiJson
{
    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        options.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
    }
}
