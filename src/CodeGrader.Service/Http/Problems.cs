namespace CodeGrader.Service.Http;

/// <summary>RFC 7807 problem details for every error the API returns: what went wrong (<c>detail</c>) and, where it is
/// about a part of the request, where (<c>pointer</c>, a JSON pointer into the body, or a query parameter).</summary>
public static class Problems
{
    public static IResult BadRequest(string detail, string? pointer = null) => Problem(400, "Bad request", detail, pointer);
    public static IResult Unauthorized(string detail) => Problem(401, "Unauthorized", detail);
    public static IResult Forbidden(string detail) => Problem(403, "Forbidden", detail);
    public static IResult NotFound(string detail, string? pointer = null) => Problem(404, "Not found", detail, pointer);
    public static IResult Conflict(string detail) => Problem(409, "Conflict", detail);
    public static IResult TooLarge(string detail, string? pointer = null) => Problem(413, "Payload too large", detail, pointer);
    public static IResult UnsupportedMediaType(string detail) => Problem(415, "Unsupported media type", detail);
    public static IResult Unprocessable(string detail, string? pointer = null, IDictionary<string, object?>? extensions = null) =>
        Problem(422, "Unprocessable content", detail, pointer, extensions);
    public static IResult Unavailable(string detail) => Problem(503, "Service unavailable", detail);

    public static IResult Problem(int status, string title, string detail, string? pointer = null, IDictionary<string, object?>? extensions = null)
    {
        var all = new Dictionary<string, object?>(extensions ?? new Dictionary<string, object?>());
        if (pointer is not null) all["pointer"] = pointer;
        return Results.Problem(detail: detail, statusCode: status, title: title, extensions: all);
    }
}
