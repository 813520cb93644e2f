using System.Text.Json;
using CodeGrader.Core.Engine;

namespace CodeGrader.Core.Batch;

/// <summary>
/// <c>exercises.jsonl</c>: one line per exercise this run prepared, as it is prepared: the folder, whether it is valid,
/// how long its preparation took and whether its expected values came from the disk cache. Written afresh by each
/// run (a resumed run lists only what it prepared); the profile of a batch, not a result.
/// </summary>
internal sealed class PreparationLog : IDisposable
{
    public const string FileName = "exercises.jsonl";

    private readonly FileStream _stream;
    private readonly Lock _gate = new();

    private PreparationLog(FileStream stream) => _stream = stream;

    public static PreparationLog Create(string directory)
    {
        Directory.CreateDirectory(directory);
        return new PreparationLog(new FileStream(Path.Combine(directory, FileName), FileMode.Create, FileAccess.Write, FileShare.Read));
    }

    public void Append(ExercisePrepared prepared)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("exercise", prepared.ExerciseDirectory);
            json.WriteBoolean("valid", prepared.Succeeded);
            json.WriteNumber("prepare_ms", Math.Round(prepared.Elapsed.TotalMilliseconds, 3));
            json.WriteBoolean("from_disk_cache", prepared.FromDiskCache);
            json.WriteEndObject();
        }
        buffer.WriteByte((byte)'\n');
        lock (_gate)
        {
            _stream.Write(buffer.GetBuffer(), 0, (int)buffer.Length);
            _stream.Flush();
        }
    }

    public void Dispose() => _stream.Dispose();
}
