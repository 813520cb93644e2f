namespace CodeGrader.Core.Grading;

/// <summary>
/// A cold preparation's big expected values, written to the disk cache (<see cref="ReferenceResultsStore.Spill"/>) as
/// the reference answers them, each into a file of its own that the entry's writing moves into place: the preparation then holds none of them, only
/// the one being answered. HumanEval+'s HumanEval/15 answers 29 strings of up to 7 million characters (147 MB of JSON)
/// and HumanEval/130 10 lists of a million floats (107 MB), which a preparation held whole until its entry was written
/// (issue 14: 378-481 MiB host peak cold, 185-199 warm). When the entry is not written after all (the preparation
/// failed or was cancelled), <see cref="Discard"/> deletes what was spilled.
/// </summary>
internal sealed class ReferenceValueSpill(ReferenceResultsStore store, string key)
{
    private readonly List<CachedValueFile> _written = [];

    /// <summary><paramref name="expected"/>, or, a big value held as JSON, the same left in its file (held still when writing failed).</summary>
    public Expected Keep(int test, int step, Expected expected)
    {
        // As the entry would: only a value over BigBytes of JSON goes in a file of its own.
        if (expected is not ExpectedValue { IsKeptAsJson: true, BigJson: { Length: > ExpectedValue.BigBytes } json }) return expected;
        if (store.Spill(key, test, step, json) is not { StoredIn: { } file } spilled) return expected;
        _written.Add(file);
        return spilled;
    }

    /// <summary>Deletes every file spilled: the entry that would have named them is not written.</summary>
    public void Discard()
    {
        foreach (var file in _written) store.Delete(file);
        _written.Clear();
    }
}
