namespace CodeGrader.Service.Tests.Queue;

/// <summary>Waits on a condition with a generous limit (a loaded machine is slow, never wrong); fails saying what it waited for.</summary>
public static class Wait
{
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan limit, string what)
    {
        var until = DateTime.UtcNow + limit;
        while (!await condition())
        {
            if (DateTime.UtcNow > until) throw new TimeoutException($"waited {limit.TotalSeconds:0} s for {what}");
            await Task.Delay(100);
        }
    }
}
