namespace CodeGrader.Core.Values;

/// <summary>How big a value is, counted in values (a container and each of its items, a dict's keys and values).</summary>
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
        }
        return false;
    }
}
