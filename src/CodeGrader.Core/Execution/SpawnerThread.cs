using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace CodeGrader.Core.Execution;

/// <summary>
/// Every child is spawned from this one long-lived thread. Linux ties <c>PR_SET_PDEATHSIG</c> (bubblewrap's
/// <c>--die-with-parent</c>) to the parent <em>thread</em>: a child spawned from a thread-pool thread is killed
/// when that thread retires. Spawned from here, it dies only when the host process does, so a crashed host
/// leaves no sandbox behind.
/// </summary>
internal static class SpawnerThread
{
    private static readonly BlockingCollection<Action> Work = new();
    private static readonly Thread Thread = StartThread();

    /// <summary>Runs <paramref name="spawn"/> on the spawner thread and returns its result (or rethrows its exception).</summary>
    public static T Run<T>(Func<T> spawn)
    {
        _ = Thread;
        T result = default!;
        ExceptionDispatchInfo? failure = null;
        using var done = new ManualResetEventSlim();
        Work.Add(() =>
        {
            try
            {
                result = spawn();
            }
            catch (Exception e)
            {
                failure = ExceptionDispatchInfo.Capture(e);
            }
            finally
            {
                done.Set();
            }
        });
        done.Wait();
        failure?.Throw();
        return result;
    }

    private static Thread StartThread()
    {
        var thread = new Thread(() =>
        {
            foreach (var action in Work.GetConsumingEnumerable()) action();
        }, 256 * 1024) { IsBackground = true, Name = "codegrader-spawner" };
        thread.Start();
        return thread;
    }
}
