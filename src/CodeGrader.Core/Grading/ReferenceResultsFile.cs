using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CodeGrader.Core.InHost;
using CodeGrader.Core.Values;

namespace CodeGrader.Core.Grading;

/// <summary>
/// The on-disk form of <see cref="ReferenceResults"/>: a first line <c>codegrader-expected@1 KEY SHA256</c> (the cache
/// key it was written for and the hash of the rest), then one JSON document with every value in canonical form
/// (subclass names kept, floats as round-trip strings) and every time. Reading checks the line, the hash and every
/// index: a file cut short, altered or written for another key reads as nothing.
/// </summary>
internal static class ReferenceResultsFile
{
    public const string Format = "codegrader-expected@1";

    public static byte[] Write(string key, ReferenceResults results)
    {
        using var body = new MemoryStream();
        using (var json = new Utf8JsonWriter(body))
        {
            json.WriteStartObject();
            json.WriteStartArray("values");
            foreach (var ((test, step), expected) in results.Values.OrderBy(v => v.Key.Test).ThenBy(v => v.Key.Step))
            {
                json.WriteStartObject();
                json.WriteNumber("test", test);
                json.WriteNumber("step", step);
                switch (expected)
                {
                    case ExpectedValue value:
                        json.WritePropertyName("value");
                        CanonicalJson.Write(json, value.Value, withSubclass: true);
                        break;
                    case ExpectedOutput output:
                        json.WriteString("output", output.Text);
                        break;
                    default:
                        throw new ArgumentException($"the reference does not compute {expected.GetType().Name}", nameof(results));
                }
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteStartArray("times");
            foreach (var (test, time) in results.Times.OrderBy(t => t.Key))
            {
                json.WriteStartArray();
                json.WriteNumberValue(test);
                json.WriteNumberValue(time.Ticks);
                json.WriteEndArray();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        var bytes = body.ToArray();
        var header = Encoding.ASCII.GetBytes($"{Format} {key} {Convert.ToHexStringLower(SHA256.HashData(bytes))}\n");
        return [.. header, .. bytes];
    }

    /// <summary>The results in <paramref name="file"/> when it is whole, was written for <paramref name="key"/> and fits an exercise of <paramref name="tests"/> tests; else null.</summary>
    public static ReferenceResults? Read(ReadOnlySpan<byte> file, string key, int tests)
    {
        var newline = file.IndexOf((byte)'\n');
        if (newline < 0) return null;
        var header = Encoding.ASCII.GetString(file[..newline]).Split(' ');
        var body = file[(newline + 1)..];
        if (header.Length != 3 || header[0] != Format || header[1] != key) return null;
        if (!string.Equals(header[2], Convert.ToHexStringLower(SHA256.HashData(body)), StringComparison.Ordinal)) return null;
        try
        {
            using var document = JsonDocument.Parse(body.ToArray(), new JsonDocumentOptions { MaxDepth = CanonicalValueReader.MaxJsonDepth + 8 });
            var values = ImmutableDictionary.CreateBuilder<(int, int), Expected>();
            foreach (var item in document.RootElement.GetProperty("values").EnumerateArray())
            {
                var test = item.GetProperty("test").GetInt32();
                var step = item.GetProperty("step").GetInt32();
                if (test < 0 || test >= tests || step < ExpectedValues.WholeTest) return null;
                values[(test, step)] = item.TryGetProperty("output", out var output)
                    ? new ExpectedOutput(output.GetString() ?? "", ExpectationSource.Reference)
                    : new ExpectedValue(CanonicalValueReader.Read(item.GetProperty("value")), ExpectationSource.Reference);
            }
            var times = ImmutableDictionary.CreateBuilder<int, TimeSpan>();
            foreach (var pair in document.RootElement.GetProperty("times").EnumerateArray())
            {
                var test = pair[0].GetInt32();
                if (test < 0 || test >= tests) return null;
                times[test] = TimeSpan.FromTicks(pair[1].GetInt64());
            }
            return new ReferenceResults(values.ToImmutable(), times.ToImmutable());
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or KeyNotFoundException or IndexOutOfRangeException or ArgumentException or OverflowException)
        {
            return null;
        }
    }
}
