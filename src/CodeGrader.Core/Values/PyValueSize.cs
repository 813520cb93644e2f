namespace CodeGrader.Core.Values;

/// <summary>
/// How big a value is, counted in values (a container and each of its items, a dict's keys and values), a string or
/// bytes counting one more per 8 characters or 4 bytes (about as much JSON as a number takes).
/// </summary>
internal static class PyValueSize
{
    /// <summary>True when <paramref name="value"/> holds more than <paramref name="limit"/> values; stops counting there.</summary>
    public static bool Exceeds(PyValue value, int limit)
    {
        var count = 0;
        var pending = new Stack<PyValue>();
        pending.Push(value);
        while (pending.Count > 0)
        {
            if (++count > limit) return true;
            switch (pending.Pop())
            {
                case PyStr x:
                    count += x.Value.Length / 8;
                    break;
                case PyBytes x:
                    count += x.Value.Length / 4;
                    break;
                case PySequence x:
                    if (count + x.Items.Length > limit) return true;
                    foreach (var item in x.Items) pending.Push(item);
                    break;
                case PySet x:
                    if (count + x.Items.Length > limit) return true;
                    foreach (var item in x.Items) pending.Push(item);
                    break;
                case PyDict x:
                    if (count + 2 * x.Items.Length > limit) return true;
                    foreach (var pair in x.Items)
                    {
                        pending.Push(pair.Key);
                        pending.Push(pair.Value);
                    }
                    break;
            }
            if (count > limit) return true;
        }
        return false;
    }
}
