using CodeGrader.Core.Execution;
using CodeGrader.Core.Values;

namespace CodeGrader.Core.Tests.Execution;

public sealed class WorkerPoolTests
{
    [Fact]
    public async Task Every_worker_taken_from_the_pool_is_a_different_fresh_process()
    {
        await using var pool = new WorkerPool(WorkerHarness.Options(), size: 2);
        var pids = new HashSet<int>();
        for (var i = 0; i < 5; i++)
        {
            await using var worker = await pool.TakeAsync().WaitAsync(WorkerHarness.Bound);
            worker.IsAlive.ShouldBeTrue();
            pids.Add(worker.Ready.Pid).ShouldBeTrue();
            var load = await worker.LoadAsync(new LoadRequest(SubmissionSource.FromText("solution.py", $"N = {i}\n"))).WaitAsync(WorkerHarness.Bound);
            load.Succeeded.ShouldBeTrue();
            (await worker.RunTestAsync(TestRequest.ForCall("N")).WaitAsync(WorkerHarness.Bound)).Value.ShouldBe(new PyInt(i));
        }
    }

    [Fact]
    public async Task A_pool_told_how_many_workers_will_be_taken_starts_none_ahead_beyond_them()
    {
        await using var pool = new WorkerPool(WorkerHarness.Options(), size: 2, expected: 0);
        pool.Ahead.ShouldBe(0, "nothing expected yet: nothing started");

        pool.Expect(3);
        pool.Ahead.ShouldBe(0, "three expected, none taken yet: nothing waits before the first is wanted");

        var aheadAfterEachTake = new List<int>();
        var pids = new HashSet<int>();
        for (var i = 0; i < 4; i++)
        {
            // The fourth take is beyond what was expected (a second worker for one submission): started when asked.
            await using var worker = await pool.TakeAsync().WaitAsync(WorkerHarness.Bound);
            worker.IsAlive.ShouldBeTrue();
            pids.Add(worker.Ready.Pid).ShouldBeTrue();
            aheadAfterEachTake.Add(pool.Ahead);
        }

        aheadAfterEachTake.ShouldBe([2, 1, 0, 0], "after each take, workers are started ahead only for the takes still expected");
    }

    [Fact]
    public async Task A_pool_whose_workers_cannot_start_reports_why_to_the_taker()
    {
        await using var pool = new WorkerPool(WorkerHarness.Options() with { WorkerPath = "/nonexistent/worker" }, size: 1);
        await Should.ThrowAsync<WorkerStartException>(() => pool.TakeAsync().WaitAsync(WorkerHarness.Bound));
    }
}
