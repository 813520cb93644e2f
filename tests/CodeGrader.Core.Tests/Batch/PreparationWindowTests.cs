using CodeGrader.Core.Engine;
using CodeGrader.Core.Grading;

namespace CodeGrader.Core.Tests.Batch;

public sealed class PreparationWindowTests
{
    private readonly List<string> _started = [];

    private Task<ExercisePreparation> Prepare(string directory)
    {
        lock (_started) _started.Add(directory);
        return Task.FromResult(new ExercisePreparation(null, []));
    }

    private string[] Started()
    {
        lock (_started) return [.. _started];
    }

    private static async Task Until(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++) await Task.Delay(10);
        condition().ShouldBeTrue();
    }

    [Fact]
    public async Task Preparations_run_ahead_only_as_far_as_the_room_and_move_on_as_exercises_are_let_go()
    {
        using var window = new PreparationWindow(["a", "b", "c", "d"], ahead: 2, Prepare);
        using var stop = new CancellationTokenSource();
        var filling = window.FillAsync(stop.Token);

        await Until(() => Started().Length == 2);
        await Task.Delay(50);
        Started().ShouldBe(["a", "b"], "no more than two are held ahead");

        window.LetGo("a");
        await Until(() => Started().Length == 3);
        Started()[2].ShouldBe("c");

        window.LetGo("b");
        window.LetGo("c");
        await filling.WaitAsync(TimeSpan.FromSeconds(5));
        Started().ShouldBe(["a", "b", "c", "d"]);
    }

    [Fact]
    public async Task An_exercise_a_submission_asks_for_starts_at_once_even_with_no_room_left()
    {
        using var window = new PreparationWindow(["a", "b", "c"], ahead: 1, Prepare);
        using var stop = new CancellationTokenSource();
        var filling = window.FillAsync(stop.Token);
        await Until(() => Started().Length == 1);

        var c = window.For("c");
        c.IsCompleted.ShouldBeTrue();
        Started().ShouldBe(["a", "c"]);
        window.For("c").ShouldBeSameAs(c, "asked again, the same preparation");

        window.LetGo("c"); // started on demand: it frees no room
        await Task.Delay(50);
        Started().ShouldBe(["a", "c"]);
        window.LetGo("a");
        await Until(() => Started().Length == 3);
        Started().ShouldBe(["a", "c", "b"]);
        window.LetGo("b");
        await filling.WaitAsync(TimeSpan.FromSeconds(5));
        Started().ShouldBe(["a", "c", "b"], "c is not prepared a second time");
        window.Held().ShouldBeEmpty();
    }

    [Fact]
    public async Task A_preparation_let_go_is_no_longer_held_so_its_expected_values_can_be_freed()
    {
        var prepared = new List<WeakReference<ExercisePreparation>>();
        using var window = new PreparationWindow(["a", "b", "c"], ahead: 3, _ => Weakly(prepared));
        using var stop = new CancellationTokenSource();
        await window.FillAsync(stop.Token);
        GradeAndLetGo(window, "a", "b");

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        prepared.Select(p => p.TryGetTarget(out _)).ShouldBe([false, false, true], "a and b are let go; c is still held");
        window.Held().Length.ShouldBe(1);
    }

    /// <summary>As a batch does: each exercise's submission waits for its preparation, then the exercise is let go.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static void GradeAndLetGo(PreparationWindow window, params string[] directories)
    {
        foreach (var directory in directories)
        {
            window.For(directory).IsCompletedSuccessfully.ShouldBeTrue();
            window.LetGo(directory);
        }
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static Task<ExercisePreparation> Weakly(List<WeakReference<ExercisePreparation>> prepared)
    {
        var preparation = new ExercisePreparation(null, []);
        prepared.Add(new WeakReference<ExercisePreparation>(preparation));
        return Task.FromResult(preparation);
    }

    [Fact]
    public async Task Cancelling_stops_the_filling()
    {
        using var window = new PreparationWindow(["a", "b"], ahead: 1, Prepare);
        using var stop = new CancellationTokenSource();
        var filling = window.FillAsync(stop.Token);
        await Until(() => Started().Length == 1);
        await stop.CancelAsync();
        await Should.ThrowAsync<OperationCanceledException>(filling.WaitAsync(TimeSpan.FromSeconds(5)));
        Started().ShouldBe(["a"]);
    }
}
