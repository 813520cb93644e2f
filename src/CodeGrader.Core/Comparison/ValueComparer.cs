using System.Globalization;
using CodeGrader.Core.Values;

namespace CodeGrader.Core.Comparison;

/// <summary>
/// Compares an actual value with the expected one (docs/exercise-format.md, "Comparison"): exact and type-strict
/// (True is not 1, 1 is not 1.0, a tuple is not a list), an instance of a subclass of a built-in type by its base
/// value (its canonical form, never its own <c>__eq__</c>) unless <c>types: exact</c>, dicts and sets without order,
/// NaN equal to NaN and -0.0 to 0.0; float tolerance at any depth except dict keys and set elements; with
/// <c>unordered</c>, every list and tuple as a multiset. Says where the values first differ.
/// </summary>
internal static class ValueComparer
{
    public static ComparisonResult Compare(PyValue expected, PyValue actual, ComparisonOptions options) =>
        Difference(expected, actual, "", options) ?? ComparisonResult.Match;

    /// <summary>True when the two match under the options (no explanation built).</summary>
    public static bool Matches(PyValue expected, PyValue actual, ComparisonOptions options) =>
        Difference(expected, actual, "", options) is null;

    private static ComparisonResult? Difference(PyValue expected, PyValue actual, string path, ComparisonOptions options)
    {
        switch (actual)
        {
            case PyOpaque opaque:
                return ComparisonResult.Mismatch(path, $"expected {Show(expected)}, got {Show(actual)}: " +
                    (opaque.IsIterator ? "an iterator is not a value (the test needs take: N to compare its items)" : "an object of a type that is not a built-in value"));
            case PyTooLarge large:
                return ComparisonResult.Mismatch(path, $"expected {Show(expected)}, got a {large.Type} too large to compare ({large.Reason})");
        }
        if (expected.TypeName != actual.TypeName)
            return ComparisonResult.Mismatch(path, $"expected {Typed(expected)}, got {Typed(actual)}");
        if (options.ExactTypes && expected.Subclass != actual.Subclass)
            return ComparisonResult.Mismatch(path, $"expected {Typed(expected)}, got {Typed(actual)} (this test compares exact types: types: exact)");
        return (expected, actual) switch
        {
            (PyNone, PyNone) or (PyCycle, PyCycle) => null,
            (PyBool e, PyBool a) => e.Value == a.Value ? null : Plain(path, expected, actual),
            (PyInt e, PyInt a) => e.Value == a.Value ? null : Plain(path, expected, actual),
            (PyFloat e, PyFloat a) => options.Tolerance.Matches(e.Value, a.Value) ? null : Numbers(path, expected, actual, options),
            (PyComplex e, PyComplex a) => options.Tolerance.Matches(e.Real, a.Real) && options.Tolerance.Matches(e.Imaginary, a.Imaginary)
                ? null : Numbers(path, expected, actual, options),
            (PyStr e, PyStr a) => e.Value == a.Value ? null : Strings(path, e.Value, a.Value),
            (PyBytes e, PyBytes a) => e.Value.AsSpan().SequenceEqual(a.Value.AsSpan()) ? null : Plain(path, expected, actual),
            (PySequence e, PySequence a) => options.Unordered ? Multiset(e, a, path, options) : Sequence(e, a, path, options),
            (PySet e, PySet a) => Set(e, a, path, options),
            (PyDict e, PyDict a) => Dict(e, a, path, options),
            _ => Plain(path, expected, actual),
        };
    }

    private static ComparisonResult Plain(string path, PyValue expected, PyValue actual) =>
        ComparisonResult.Mismatch(path, $"expected {Show(expected)}, got {Show(actual)}");

    private static ComparisonResult Numbers(string path, PyValue expected, PyValue actual, ComparisonOptions options) =>
        ComparisonResult.Mismatch(path, $"expected {Show(expected)}, got {Show(actual)}" +
            (options.Tolerance.IsExact ? "" : $" (outside the tolerance {options.Tolerance})"));

    private static ComparisonResult Strings(string path, string expected, string actual)
    {
        if (TextDiff.IsShort(expected) && TextDiff.IsShort(actual))
            return Plain(path, new PyStr(expected), new PyStr(actual));
        var diff = expected.Contains('\n') || actual.Contains('\n') ? TextDiff.Lines(expected, actual) : TextDiff.Around(expected, actual);
        var at = TextDiff.FirstDifference(expected, actual);
        return ComparisonResult.Mismatch(path, string.Create(CultureInfo.InvariantCulture,
            $"the strings differ at index {at} (expected {expected.Length} characters, got {actual.Length})"), diff);
    }

    private static ComparisonResult? Sequence(PySequence expected, PySequence actual, string path, ComparisonOptions options)
    {
        var common = Math.Min(expected.Items.Length, actual.Items.Length);
        for (var i = 0; i < common; i++)
        {
            if (Difference(expected.Items[i], actual.Items[i], Index(path, i), options) is { } difference) return difference;
        }
        if (expected.Items.Length == actual.Items.Length) return null;
        var what = expected.Items.Length > actual.Items.Length
            ? $"missing {Index("", common)} = {Show(expected.Items[common])}"
            : $"unexpected {Index("", common)} = {Show(actual.Items[common])}";
        return ComparisonResult.Mismatch(path, $"expected a {expected.TypeName} of {Items(expected.Items.Length)}, got {Items(actual.Items.Length)}: {what}");
    }

    /// <summary>Items paired one to one, in any order: by key when exact, else greedily under the tolerance.</summary>
    private static ComparisonResult? Multiset(PySequence expected, PySequence actual, string path, ComparisonOptions options)
    {
        if (expected.Items.Length != actual.Items.Length)
            return ComparisonResult.Mismatch(path, $"expected a {expected.TypeName} of {Items(expected.Items.Length)} (in any order), got {Items(actual.Items.Length)}");
        List<PyValue> unmatched;
        var missing = new List<PyValue>();
        if (options.Tolerance.IsExact)
        {
            // Items keyed by their canonical form (lists keyed as multisets too): linear in the items, no pairwise tries.
            var pool = new Dictionary<string, Stack<PyValue>>(StringComparer.Ordinal);
            foreach (var item in actual.Items)
            {
                var key = CanonicalKey.Of(item, unordered: true, options.ExactTypes);
                if (!pool.TryGetValue(key, out var same)) pool[key] = same = new Stack<PyValue>();
                same.Push(item);
            }
            foreach (var item in expected.Items)
            {
                if (!pool.TryGetValue(CanonicalKey.Of(item, unordered: true, options.ExactTypes), out var same) || !same.TryPop(out _)) missing.Add(item);
            }
            unmatched = [.. pool.Values.SelectMany(s => s)];
        }
        else
        {
            unmatched = [.. actual.Items];
            foreach (var item in expected.Items)
            {
                var match = unmatched.FindIndex(candidate => Matches(item, candidate, options));
                if (match >= 0) unmatched.RemoveAt(match);
                else missing.Add(item);
            }
        }
        if (missing.Count == 0) return null;
        return ComparisonResult.Mismatch(path,
            $"the {expected.TypeName}s differ (in any order): expected but not found {ShowSome(missing)}; found but not expected {ShowSome(unmatched)}");
    }

    private static ComparisonResult? Set(PySet expected, PySet actual, string path, ComparisonOptions options)
    {
        var expectedKeys = new Dictionary<string, PyValue>(StringComparer.Ordinal);
        foreach (var item in expected.Items) expectedKeys.TryAdd(Key(item, options), item);
        var actualKeys = new Dictionary<string, PyValue>(StringComparer.Ordinal);
        foreach (var item in actual.Items) actualKeys.TryAdd(Key(item, options), item);
        var missing = expectedKeys.Where(p => !actualKeys.ContainsKey(p.Key)).Select(p => p.Value).ToList();
        var extra = actualKeys.Where(p => !expectedKeys.ContainsKey(p.Key)).Select(p => p.Value).ToList();
        if (missing.Count == 0 && extra.Count == 0) return null;
        var parts = new List<string>();
        if (missing.Count > 0) parts.Add($"missing {ShowSome(missing)}");
        if (extra.Count > 0) parts.Add($"unexpected {ShowSome(extra)}");
        return ComparisonResult.Mismatch(path, $"the {expected.TypeName}s differ: {string.Join("; ", parts)}");
    }

    private static ComparisonResult? Dict(PyDict expected, PyDict actual, string path, ComparisonOptions options)
    {
        var actualByKey = new Dictionary<string, KeyValuePair<PyValue, PyValue>>(StringComparer.Ordinal);
        foreach (var pair in actual.Items) actualByKey.TryAdd(Key(pair.Key, options), pair);
        var expectedKeys = new HashSet<string>(StringComparer.Ordinal);
        var missing = new List<PyValue>();
        foreach (var pair in expected.Items)
        {
            var key = Key(pair.Key, options);
            expectedKeys.Add(key);
            if (!actualByKey.ContainsKey(key)) missing.Add(pair.Key);
        }
        var extra = actual.Items.Where(p => !expectedKeys.Contains(Key(p.Key, options))).Select(p => p.Key).ToList();
        if (missing.Count > 0 || extra.Count > 0)
        {
            var parts = new List<string>();
            if (missing.Count > 0) parts.Add($"missing key{(missing.Count > 1 ? "s" : "")} {ShowSome(missing)}");
            if (extra.Count > 0) parts.Add($"unexpected key{(extra.Count > 1 ? "s" : "")} {ShowSome(extra)}");
            return ComparisonResult.Mismatch(path, $"the dicts have different keys: {string.Join("; ", parts)}");
        }
        foreach (var pair in expected.Items)
        {
            var other = actualByKey[Key(pair.Key, options)];
            if (Difference(pair.Value, other.Value, path + "[" + PythonLiteral.Format(pair.Key, 80) + "]", options) is { } difference) return difference;
        }
        return null;
    }

    private static string Key(PyValue value, ComparisonOptions options) => CanonicalKey.Of(value, exactTypes: options.ExactTypes);

    /// <summary>
    /// For a value that matched: the first instance of a subclass of a built-in type in <paramref name="actual"/> where
    /// <paramref name="expected"/> has no instance of that same subclass, as a note for the author ("returned
    /// collections.Counter, a subclass of dict; compared as dict"), or null.
    /// </summary>
    public static string? SubclassNote(PyValue expected, PyValue actual) => Note(expected, actual, "");

    private static string? Note(PyValue? expected, PyValue actual, string path)
    {
        if (actual.Subclass is { } sub && expected?.Subclass != sub)
            return (path.Length == 0 ? "returned " : $"at {path}: ") + $"{sub}, a subclass of {actual.TypeName}; compared as {actual.TypeName}";
        switch (actual)
        {
            case PySequence a:
                var items = (expected as PySequence)?.Items;
                for (var i = 0; i < a.Items.Length; i++)
                {
                    if (Note(items is { } e && i < e.Length ? e[i] : null, a.Items[i], Index(path, i)) is { } note) return note;
                }
                return null;
            case PySet a:
                foreach (var item in a.Items)
                {
                    if (HasSubclass(item) && Note(null, item, path + "{...}") is { } note) return note;
                }
                return null;
            case PyDict a:
                Dictionary<string, PyValue>? byKey = null;
                foreach (var pair in a.Items)
                {
                    if (HasSubclass(pair.Key) && Note(null, pair.Key, path + "{key}") is { } keyNote) return keyNote;
                    if (!HasSubclass(pair.Value)) continue;
                    if (byKey is null && expected is PyDict e)
                    {
                        byKey = new Dictionary<string, PyValue>(StringComparer.Ordinal);
                        foreach (var p in e.Items) byKey.TryAdd(CanonicalKey.Of(p.Key), p.Value);
                    }
                    var counterpart = byKey?.GetValueOrDefault(CanonicalKey.Of(pair.Key));
                    if (Note(counterpart, pair.Value, path + "[" + PythonLiteral.Format(pair.Key, 80) + "]") is { } note) return note;
                }
                return null;
            default:
                return null;
        }
    }

    private static bool HasSubclass(PyValue value) => value.Subclass is not null || value switch
    {
        PySequence x => x.Items.Any(HasSubclass),
        PySet x => x.Items.Any(HasSubclass),
        PyDict x => x.Items.Any(p => HasSubclass(p.Key) || HasSubclass(p.Value)),
        _ => false,
    };

    private static string Index(string path, int i) => path + "[" + i.ToString(CultureInfo.InvariantCulture) + "]";

    private static string Items(int count) => count == 1 ? "1 item" : string.Create(CultureInfo.InvariantCulture, $"{count} items");

    private static string Show(PyValue value) => PythonLiteral.Format(value, 200);

    private static string ShowSome(IReadOnlyList<PyValue> values)
    {
        const int Shown = 5;
        var text = string.Join(", ", values.Take(Shown).Select(v => PythonLiteral.Format(v, 80)));
        return values.Count > Shown ? string.Create(CultureInfo.InvariantCulture, $"{text} and {values.Count - Shown} more") : text;
    }

    /// <summary>"int 1", or "solution.MyList([1]) (an instance of a subclass of list)".</summary>
    public static string Typed(PyValue value) => value.Subclass is not null
        ? $"{Show(value)} (an instance of a subclass of {value.TypeName})"
        : $"{value.TypeName} {Show(value)}";
}
