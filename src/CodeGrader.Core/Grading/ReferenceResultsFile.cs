using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CodeGrader.Core.InHost;
using CodeGrader.Core.Values;

namespace CodeGrader.Core.Grading;

/// <summary>
/// The on-disk form of <see cref="ReferenceResults"/>: a first line <c>codegrader-expected@2 KEY SHA256</c> (the cache
/// key it was written for and the hash of the rest), then one JSON document with every value in canonical form
/// (subclass names kept; bare scalars as the worker writes them), or, for a big one, the name, length and SHA-256 of
/// the file of its own that holds it, and every time. Reading checks the line, the hash and every index (and the
/// caller each big value's file): a file cut short, altered or written for another key reads as nothing.
/// </summary>
internal static class ReferenceResultsFile
{
    public const string Format = "codegrader-expected@2";

    /// <summary>
    /// The entry's bytes. With <paramref name="saveBig"/>, a big value (canonical JSON over
    /// <see cref="ExpectedValue.BigBytes"/>) is handed to it (test, step, JSON; it stores the JSON in a file beside the
    /// entry and returns that file) and the entry names the file, its length and SHA-256 instead of holding the value;
    /// one already in a file (<see cref="ExpectedValue.StoredIn"/>) is handed to <paramref name="placeStored"/>, which
    /// puts that file where the entry names it and returns it there.
    /// </summary>
    public static byte[] Write(string key, ReferenceResults results, Func<int, int, ReadOnlyMemory<byte>, CachedValueFile>? saveBig = null,
        Func<int, int, CachedValueFile, CachedValueFile>? placeStored = null)
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
                    case ExpectedValue { StoredIn: { } stored } when placeStored is not null:
                        // Already in a file (written as the reference answered it): moved into place, not read.
                        WriteFile(json, placeStored(test, step, stored));
                        break;
                    case ExpectedValue value when saveBig is not null && value.BigJson is { Length: > ExpectedValue.BigBytes } big:
                        WriteFile(json, saveBig(test, step, big));
                        break;
                    case ExpectedValue value:
                        json.WritePropertyName("value");
                        value.WriteCanonical(json);
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

    /// <summary>A big value's place in the entry: its file's name (beside the entry), length and SHA-256.</summary>
    private static void WriteFile(Utf8JsonWriter json, CachedValueFile file)
    {
        json.WriteString("file", Path.GetFileName(file.Path));
        json.WriteNumber("length", file.Length);
        json.WriteString("sha256", file.Sha256);
    }

    /// <summary>
    /// The results in <paramref name="file"/> when it is whole, was written for <paramref name="key"/> and fits an exercise
    /// of <paramref name="tests"/> tests; else null. A value stored in a file of its own is opened by
    /// <paramref name="openBig"/> (name, length, SHA-256; null when that file is missing or altered, and the entry is then
    /// nothing); without it such an entry is nothing.
    /// </summary>
    public static ReferenceResults? Read(ReadOnlyMemory<byte> file, string key, int tests, Func<string, long, string, ExpectedValue?>? openBig = null)
    {
        var newline = file.Span.IndexOf((byte)'\n');
        if (newline < 0) return null;
        var header = Encoding.ASCII.GetString(file.Span[..newline]).Split(' ');
        var body = file[(newline + 1)..];
        if (header.Length != 3 || header[0] != Format || header[1] != key) return null;
        if (!string.Equals(header[2], Convert.ToHexStringLower(SHA256.HashData(body.Span)), StringComparison.Ordinal)) return null;
        try
        {
            // Read as a stream of tokens over the file's bytes: no copy and no document of the whole file (a HumanEval+
            // exercise's file is a hundred megabytes); each value is parsed on its own, and a big one kept as its JSON.
            var reader = new Utf8JsonReader(body.Span, new JsonReaderOptions { MaxDepth = CanonicalValueReader.MaxJsonDepth + 8 });
            var values = ImmutableDictionary.CreateBuilder<(int, int), Expected>();
            var times = ImmutableDictionary.CreateBuilder<int, TimeSpan>();
            Next(ref reader, JsonTokenType.StartObject);
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("values"u8))
                {
                    Next(ref reader, JsonTokenType.StartArray);
                    while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
                    {
                        if (ReadValue(ref reader, body, tests, openBig) is not { } entry) return null;
                        values[entry.Place] = entry.Expected;
                    }
                }
                else if (reader.ValueTextEquals("times"u8))
                {
                    Next(ref reader, JsonTokenType.StartArray);
                    while (reader.Read() && reader.TokenType == JsonTokenType.StartArray)
                    {
                        Next(ref reader, JsonTokenType.Number);
                        var test = reader.GetInt32();
                        Next(ref reader, JsonTokenType.Number);
                        var ticks = reader.GetInt64();
                        Next(ref reader, JsonTokenType.EndArray);
                        if (test < 0 || test >= tests) return null;
                        times[test] = TimeSpan.FromTicks(ticks);
                    }
                }
                else return null;
            }
            return new ReferenceResults(values.ToImmutable(), times.ToImmutable());
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or KeyNotFoundException or IndexOutOfRangeException or ArgumentException or OverflowException)
        {
            return null;
        }
    }

    /// <summary>One <c>{"test", "step", "value" | "output"}</c> item, the reader on its start; null when it is not one.</summary>
    private static ((int Test, int Step) Place, Expected Expected)? ReadValue(ref Utf8JsonReader reader, ReadOnlyMemory<byte> body, int tests,
        Func<string, long, string, ExpectedValue?>? openBig)
    {
        int? test = null, step = null;
        Expected? expected = null;
        string? name = null, sha256 = null;
        long? length = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("test"u8))
            {
                Next(ref reader, JsonTokenType.Number);
                test = reader.GetInt32();
            }
            else if (reader.ValueTextEquals("step"u8))
            {
                Next(ref reader, JsonTokenType.Number);
                step = reader.GetInt32();
            }
            else if (reader.ValueTextEquals("output"u8))
            {
                Next(ref reader, JsonTokenType.String);
                expected = new ExpectedOutput(reader.GetString() ?? "", ExpectationSource.Reference);
            }
            else if (reader.ValueTextEquals("file"u8))
            {
                Next(ref reader, JsonTokenType.String);
                name = reader.GetString();
            }
            else if (reader.ValueTextEquals("length"u8))
            {
                Next(ref reader, JsonTokenType.Number);
                length = reader.GetInt64();
            }
            else if (reader.ValueTextEquals("sha256"u8))
            {
                Next(ref reader, JsonTokenType.String);
                sha256 = reader.GetString();
            }
            else if (reader.ValueTextEquals("value"u8))
            {
                if (!reader.Read()) return null;
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                expected = ExpectedValue.FromCanonicalJson(body[start..(int)reader.BytesConsumed], ExpectationSource.Reference);
            }
            else return null;
        }
        if (name is not null)
        {
            if (expected is not null || openBig is null || length is not { } size || sha256 is null) return null;
            expected = openBig(name, size, sha256);
        }
        if (reader.TokenType != JsonTokenType.EndObject || test is not { } t || step is not { } s || expected is null) return null;
        if (t < 0 || t >= tests || s < ExpectedValues.WholeTest) return null;
        return ((t, s), expected);
    }

    private static void Next(ref Utf8JsonReader reader, JsonTokenType expected)
    {
        if (!reader.Read() || reader.TokenType != expected) throw new FormatException($"expected {expected}, found {reader.TokenType}");
    }
}
