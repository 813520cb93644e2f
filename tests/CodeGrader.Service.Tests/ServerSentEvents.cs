using System.Text.Json;

namespace CodeGrader.Service.Tests;

/// <summary>Reads <c>GET /api/v1/submissions/{id}/events</c> as a browser's EventSource would, until the final event.</summary>
public static class ServerSentEvents
{
    public sealed record Event(string Name, string Data)
    {
        public JsonElement Json => JsonDocument.Parse(Data).RootElement;
    }

    public static async Task<List<Event>> ReadAllAsync(HttpClient client, long id)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/submissions/{id}/events");
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/event-stream");
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var events = new List<Event>();
        string? name = null;
        var data = "";
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal)) name = line["event: ".Length..];
            else if (line.StartsWith("data: ", StringComparison.Ordinal)) data = line["data: ".Length..];
            else if (line.Length == 0 && name is not null)
            {
                events.Add(new Event(name, data));
                if (name is "report" or "end") break;
                name = null;
            }
        }
        return events;
    }
}
