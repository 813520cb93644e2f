using System.Collections.Immutable;
using System.Text.Json;
using CodeGrader.Core.Results;

namespace CodeGrader.Core.Batch;

/// <summary>
/// <c>results.jsonl</c>: the batch's source of truth, one complete report per line, appended as each submission
/// finishes (one write, flushed to the kernel). A line is whole or absent: on resume a torn last line (the host
/// was killed mid-write) is cut off, and every complete line's key marks a submission that is done, except a line
/// the grader failed on (<see cref="RetryField"/>), which is dropped so that its submission is graded again.
/// </summary>
public sealed class ResultsLog : IDisposable
{
    public const string FileName = "results.jsonl";

    private readonly FileStream _stream;
    private readonly Lock _gate = new();

    private ResultsLog(FileStream stream, ImmutableHashSet<string> completed)
    {
        _stream = stream;
        Completed = completed;
    }

    /// <summary>Keys of the submissions already in the log (empty unless resuming).</summary>
    public ImmutableHashSet<string> Completed { get; }

    public string Path => _stream.Name;

    /// <summary>Opens the log: empties it for a fresh run, or keeps its complete lines when resuming.</summary>
    public static ResultsLog Open(string directory, bool resume)
    {
        Directory.CreateDirectory(directory);
        var path = System.IO.Path.Combine(directory, FileName);
        var completed = resume && File.Exists(path) ? Recover(path) : ImmutableHashSet<string>.Empty;
        var stream = new FileStream(path, resume ? FileMode.OpenOrCreate : FileMode.Create, FileAccess.Write, FileShare.Read);
        stream.Seek(0, SeekOrigin.End);
        return new ResultsLog(stream, completed);
    }

    public void Append(ReadOnlySpan<byte> line)
    {
        lock (_gate)
        {
            _stream.Write(line);
            _stream.Flush();
        }
    }

    /// <summary>
    /// The key of every complete, valid line; the file is cut after the last one. A line the grader failed on
    /// (<see cref="RetryField"/>) is dropped instead, so the resumed run grades its submission again: the file is then
    /// written afresh without those lines beside itself and renamed over itself, whole or not at all.
    /// </summary>
    private static ImmutableHashSet<string> Recover(string path)
    {
        var keys = ImmutableHashSet.CreateBuilder<string>(StringComparer.Ordinal);
        var dropped = new List<(long Start, long End)>();
        long keep = 0;
        foreach (var (line, end) in Lines(path))
        {
            var (key, retry) = Read(line);
            if (key is null) break;
            if (retry) dropped.Add((keep, end));
            else keys.Add(key);
            keep = end;
        }
        if (dropped.Count == 0)
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Write);
            stream.SetLength(keep);
        }
        else
        {
            Rewrite(path, dropped, keep);
        }
        return keys.ToImmutable();
    }

    /// <summary>The file's first <paramref name="length"/> bytes without the <paramref name="dropped"/> ranges, renamed over it.</summary>
    private static void Rewrite(string path, List<(long Start, long End)> dropped, long length)
    {
        var temporary = path + ".resume";
        using (var source = new FileStream(path, FileMode.Open, FileAccess.Read))
        using (var target = new FileStream(temporary, FileMode.Create, FileAccess.Write))
        {
            var buffer = new byte[1 << 16];
            long at = 0;
            foreach (var (start, end) in dropped.Append((length, length)))
            {
                source.Position = at;
                for (var left = start - at; left > 0;)
                {
                    var read = source.Read(buffer, 0, (int)Math.Min(buffer.Length, left));
                    if (read == 0) throw new IOException($"{path} ended while being rewritten for --resume");
                    target.Write(buffer, 0, read);
                    left -= read;
                }
                at = end;
            }
            target.Flush(flushToDisk: true);
        }
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Each complete line (without its newline) and the offset just after it; a last line without a newline is torn and left out.</summary>
    public static IEnumerable<(byte[] Line, long End)> Lines(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 0);
        var chunk = new byte[1 << 16];
        var partial = new MemoryStream();
        long offset = 0;
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            var start = 0;
            int newline;
            while ((newline = chunk.AsSpan(start, read - start).IndexOf((byte)'\n')) >= 0)
            {
                var piece = chunk.AsSpan(start, newline);
                byte[] line;
                if (partial.Length == 0) line = piece.ToArray();
                else
                {
                    partial.Write(piece);
                    line = partial.ToArray();
                    partial.SetLength(0);
                }
                offset += newline + 1;
                start += newline + 1;
                yield return (line, offset);
            }
            partial.Write(chunk, start, read - start);
            offset += read - start;
        }
    }

    /// <summary>
    /// The field a line carries when the grader failed on its submission (<see cref="GraderFailed"/>): a resumed run
    /// grades that submission again.
    /// </summary>
    public const string RetryField = "retry";

    /// <summary>The value of <see cref="RetryField"/>: the host failed while grading the submission.</summary>
    public const string GraderFailed = "grader_failed";

    /// <summary>The <c>key</c> of a valid report line, or null when the line is not one.</summary>
    public static string? KeyOf(byte[] line) => Read(line).Key;

    private static (string? Key, bool Retry) Read(byte[] line)
    {
        try
        {
            using var document = JsonDocument.Parse(line, new JsonDocumentOptions { MaxDepth = 256 });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("key", out var key)) return (null, false);
            var retry = root.TryGetProperty(RetryField, out var why) && why.ValueKind == JsonValueKind.String;
            return (key.GetString(), retry);
        }
        catch (JsonException)
        {
            return (null, false);
        }
    }

    public void Dispose() => _stream.Dispose();
}
