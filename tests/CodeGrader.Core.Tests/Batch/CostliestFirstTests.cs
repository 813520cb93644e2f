using CodeGrader.Core.Engine;
using CodeGrader.Core.Execution;

namespace CodeGrader.Core.Tests.Batch;

public sealed class CostliestFirstTests
{
    private readonly Dictionary<string, TimeSpan> _prepared = new(StringComparer.Ordinal);

    private static GradeJob Job(string exercise, string name) => new(exercise, SubmissionSource.FromText(name, "pass\n"));

    private CostliestFirst Order(int lookahead, params GradeJob[] jobs) =>
        new(jobs, lookahead, exercise => _prepared.TryGetValue(exercise, out var cost) ? cost : null);

    private static string[] All(CostliestFirst order) => [.. order.Jobs().Select(j => j.Submission.FileName)];

    private void Prepared(string exercise, double referenceMilliseconds) => _prepared[exercise] = TimeSpan.FromMilliseconds(referenceMilliseconds);

    [Fact]
    public void Of_the_prepared_exercises_the_one_whose_reference_took_longest_is_graded_first()
    {
        Prepared("a", 2);
        Prepared("b", 2000);
        Prepared("c", 3);

        All(Order(8, Job("a", "a1"), Job("a", "a2"), Job("b", "b1"), Job("c", "c1"), Job("b", "b2"))).ShouldBe(["b1", "b2", "c1", "a1", "a2"]);
    }

    [Fact]
    public void With_nothing_prepared_or_all_alike_the_batch_s_order_is_kept()
    {
        All(Order(8, Job("a", "a1"), Job("b", "b1"), Job("a", "a2"), Job("c", "c1")))
            .ShouldBe(["a1", "a2", "b1", "c1"], "an exercise's submissions go together, exercises in the batch's order");

        Prepared("a", 5);
        Prepared("b", 5);
        All(Order(8, Job("a", "a1"), Job("b", "b1"), Job("a", "a2"))).ShouldBe(["a1", "a2", "b1"]);
    }

    [Fact]
    public void An_exercise_is_picked_as_soon_as_it_is_prepared_and_only_within_the_lookahead()
    {
        var order = Order(2, Job("a", "a1"), Job("a", "a2"), Job("b", "b1"), Job("c", "c1"));
        order.Next()!.Submission.FileName.ShouldBe("a1", "nothing is prepared: the batch's first");

        Prepared("c", 9000);
        Prepared("b", 10);
        order.Next()!.Submission.FileName.ShouldBe("b1", "c is beyond the next two exercises with jobs");
        order.Next()!.Submission.FileName.ShouldBe("c1", "now it is within them, and costs most");
        order.Next()!.Submission.FileName.ShouldBe("a2");
        order.Next().ShouldBeNull();
    }
}
