using System.Collections.Concurrent;

namespace CodeGrader.Core.Grading;

/// <summary>
/// Prepared exercises by content (exercise.yaml, reference and checker bytes, the Python used), so a batch runs the
/// reference once per exercise per process. A preparation that threw is not kept.
/// </summary>
public sealed class ExpectedValueCache
{
    public static readonly ExpectedValueCache Shared = new();

    private readonly ConcurrentDictionary<string, Lazy<Task<ExercisePreparation>>> _entries = new(StringComparer.Ordinal);

    public int Count => _entries.Count;

    public async Task<ExercisePreparation> GetOrAddAsync(string key, Func<Task<ExercisePreparation>> prepare)
    {
        var entry = _entries.GetOrAdd(key, _ => new Lazy<Task<ExercisePreparation>>(prepare));
        try
        {
            return await entry.Value.ConfigureAwait(false);
        }
        catch
        {
            _entries.TryRemove(new KeyValuePair<string, Lazy<Task<ExercisePreparation>>>(key, entry));
            throw;
        }
    }

    public void Clear() => _entries.Clear();
}
