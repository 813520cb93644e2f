using CodeGrader.Core.Execution;
using CodeGrader.Core.Values;
using Microsoft.Extensions.Time.Testing;

namespace CodeGrader.Core.Tests.Execution;

public sealed class SpareWorkerSourcesTests
{
    private static readonly TimeSpan Idle = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Each_submission_gets_a_fresh_process_of_its_own_and_the_next_one_is_started_ahead()
    {
        await using var spares = new SpareWorkerSources(1, Idle, new FakeTimeProvider());
        var source = spares.For(WorkerHarness.Options());
        var pids = new HashSet<int>();
        for (var i = 0; i < 4; i++)
        {
            await using var worker = await source.TakeAsync().WaitAsync(WorkerHarness.Bound);
            pids.Add(worker.Ready.Pid).ShouldBeTrue();
            var load = await worker.LoadAsync(new LoadRequest(SubmissionSource.FromText("solution.py", $"N = {i}\n"))).WaitAsync(WorkerHarness.Bound);
            load.Succeeded.ShouldBeTrue();
            (await worker.RunTestAsync(TestRequest.ForCall("N")).WaitAsync(WorkerHarness.Bound)).Value.ShouldBe(new PyInt(i));
            var spare = await EventuallyAsync(() => spares.SparePids().SingleOrDefault());
            pids.ShouldNotContain(spare, "a spare is never a worker already handed out");
        }
    }

    [Fact]
    public async Task Spares_for_limits_nothing_is_graded_with_any_more_are_stopped()
    {
        var time = new FakeTimeProvider();
        await using var spares = new SpareWorkerSources(1, Idle, time);
        await using (await spares.For(WorkerHarness.Options()).TakeAsync().WaitAsync(WorkerHarness.Bound)) { }
        var spare = await EventuallyAsync(() => spares.SparePids().SingleOrDefault());
        IsRunning(spare).ShouldBeTrue();

        time.Advance(Idle);

        await EventuallyAsync(() => IsRunning(spare) ? 0 : 1);
        spares.PoolCount.ShouldBe(0);
    }

    [Fact]
    public async Task At_most_a_few_sets_of_limits_are_kept_warm_the_least_recently_used_stopped_first()
    {
        var time = new FakeTimeProvider();
        await using var spares = new SpareWorkerSources(1, Idle, time);
        for (var i = 0; i <= SpareWorkerSources.MaxPools; i++)
        {
            await using (await spares.For(WorkerHarness.Options(timePerTest: TimeSpan.FromSeconds(2 + i))).TakeAsync().WaitAsync(WorkerHarness.Bound)) { }
            time.Advance(TimeSpan.FromSeconds(1));
        }

        spares.PoolCount.ShouldBe(SpareWorkerSources.MaxPools);
    }

    [Fact]
    public async Task Disposing_stops_every_spare_and_later_takers_still_get_a_fresh_worker()
    {
        var spares = new SpareWorkerSources(2, Idle, new FakeTimeProvider());
        var source = spares.For(WorkerHarness.Options());
        await using (await source.TakeAsync().WaitAsync(WorkerHarness.Bound)) { }
        await EventuallyAsync(() => spares.SparePids().Count == 2 ? 1 : 0);
        var waiting = spares.SparePids();

        await spares.DisposeAsync();

        waiting.ShouldAllBe(pid => !IsRunning(pid));
        await using var late = await source.TakeAsync().WaitAsync(WorkerHarness.Bound);
        late.IsAlive.ShouldBeTrue();
        spares.PoolCount.ShouldBe(0);
    }

    private static bool IsRunning(int pid) =>
        File.Exists($"/proc/{pid}/stat") && !File.ReadAllText($"/proc/{pid}/stat").Split(')')[^1].TrimStart().StartsWith('Z');

    private static async Task<int> EventuallyAsync(Func<int> probe)
    {
        for (var i = 0; i < 300; i++)
        {
            var value = probe();
            if (value != 0) return value;
            await Task.Delay(50);
        }
        throw new TimeoutException("the condition did not hold within 15 s");
    }
}
