using CodeGrader.Core.Grading;
using CodeGrader.Sandbox.Tests;
using CodeGrader.Core.Results;

namespace CodeGrader.Core.Tests.Security;

/// <summary>
/// Escaping limits (SANDBOX.md): fork bombs, memory bombs, loops Python can interrupt and loops it cannot, ignored
/// signals, swallowed interrupts, threads and detached processes that outlive their test, output floods, a full scratch,
/// exhausted descriptors, deep recursion and a crash. Each grading ends within the bound with the verdict of the limit
/// really hit, leaves no process behind (every process the submission starts renames itself with a marker the host
/// then looks for), and the host grades the next submission normally.
/// </summary>
public sealed class LimitEscapeTests
{
    private static async Task<Graded> GradeEscapeAsync(string marker, string attack, string prelude = "")
    {
        var graded = await HostileGrading.GradeAsync(Solutions.Hostile(attack, prelude));
        graded.ShouldPassNoHiddenTest().ShouldLeakNothing();
        await HostProcesses.ShouldHaveNoSurvivorAsync(marker);
        await HostileGrading.HostStillGradesCorrectlyAsync();
        return graded;
    }

    [SandboxFact]
    public async Task A_fork_bomb_hits_the_process_limit_and_leaves_nothing_behind()
    {
        var marker = HostileGrading.NewMarker();
        var graded = await GradeEscapeAsync(marker, $$"""
            def attack(key):
                if not first():
                    return "nope"
                while True:
                    try:
                        if os.fork() == 0:
                            name_process("{{marker}}")
                    except OSError:
                        pass
            """);

        graded.ShouldHaveVerdict(Verdict.TimeLimitExceeded);
        graded.Test("hidden string").Status.ShouldBe(TestStatus.Timeout);
    }

    [SandboxFact(needsCgroup: true)]
    public async Task A_memory_bomb_is_a_memory_limit()
    {
        var marker = HostileGrading.NewMarker();
        var graded = await GradeEscapeAsync(marker, $$"""
            def attack(key):
                name_process("{{marker}}")
                hoard = []
                while True:
                    hoard.append(bytearray(b"\x01" * (8 << 20)))
            """);

        graded.ShouldHaveVerdict(Verdict.MemoryLimitExceeded);
        graded.Test("hidden string").Status.ShouldBe(TestStatus.Memory);
    }

    [SandboxFact]
    public async Task An_infinite_loop_is_a_time_limit()
    {
        var marker = HostileGrading.NewMarker();
        var graded = await GradeEscapeAsync(marker, $$"""
            def attack(key):
                if not first():
                    return "nope"
                name_process("{{marker}}")
                while True:
                    pass
            """);

        graded.ShouldHaveVerdict(Verdict.TimeLimitExceeded);
        graded.Test("hidden string").Status.ShouldBe(TestStatus.Timeout);
        graded.Test("hidden computed").Status.ShouldBe(TestStatus.Failed, "the soft interrupt stopped the loop; the same worker goes on");
        graded.Test("sample last").Status.ShouldBe(TestStatus.Passed);
    }

    [SandboxFact]
    public async Task A_c_level_loop_that_never_checks_for_signals_is_killed_at_the_hard_deadline()
    {
        var marker = HostileGrading.NewMarker();
        var graded = await GradeEscapeAsync(marker, $$"""
            def attack(key):
                name_process("{{marker}}")
                return sum(range(10 ** 13))
            """);

        graded.ShouldHaveVerdict(Verdict.TimeLimitExceeded);
        graded.HiddenTests.ShouldAllBe(t => t.Status == TestStatus.Timeout);
        graded.Test("sample last").Status.ShouldBe(TestStatus.Passed, "a fresh worker runs the tests after a hard kill");
    }

    [SandboxFact]
    public async Task Ignored_and_blocked_signals_and_swallowed_interrupts_do_not_stop_the_kill()
    {
        var marker = HostileGrading.NewMarker();
        var graded = await GradeEscapeAsync(marker, $$"""
            import signal


            def attack(key):
                name_process("{{marker}}")
                for number in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGXCPU, signal.SIGALRM, signal.SIGUSR1):
                    try:
                        signal.signal(number, signal.SIG_IGN)
                    except (OSError, ValueError):
                        pass
                signal.pthread_sigmask(signal.SIG_BLOCK, signal.valid_signals())
                while True:
                    try:
                        while True:
                            pass
                    except BaseException:
                        pass
            """);

        graded.ShouldHaveVerdict(Verdict.TimeLimitExceeded);
        graded.HiddenTests.ShouldAllBe(t => t.Status == TestStatus.Timeout);
    }

    [SandboxFact]
    public async Task A_thread_that_outlives_its_test_is_gone_after_grading()
    {
        var marker = HostileGrading.NewMarker();
        var graded = await GradeEscapeAsync(marker, $$"""
            import threading


            def linger():
                name_process("{{marker}}")
                while True:
                    try:
                        time.sleep(0.01)
                        print("still here")
                    except BaseException:
                        pass


            def attack(key):
                if first():
                    threading.Thread(target=linger, daemon=False).start()
                return "nope"
            """);

        graded.ShouldHaveVerdict(Verdict.WrongAnswer);
    }

    [SandboxFact]
    public async Task A_detached_process_does_not_survive_the_submission()
    {
        // Double fork, new session, every signal ignored, descriptors closed: a daemon. The host watches it appear while
        // the submission is graded (so the look-out is shown to work) and vanish with the submission.
        var marker = HostileGrading.NewMarker();
        var source = Solutions.Hostile($$"""
            import signal


            def daemonize():
                if os.fork() > 0:
                    return
                os.setsid()
                if os.fork() > 0:
                    os._exit(0)
                name_process("{{marker}}")
                for number in range(1, 32):
                    try:
                        signal.signal(number, signal.SIG_IGN)
                    except (OSError, ValueError):
                        pass
                os.closerange(0, 64)
                while True:
                    time.sleep(0.05)


            def attack(key):
                if first():
                    daemonize()
                elif len(_CALLS) == 2:
                    time.sleep(5)
                return "nope"
            """);

        var grading = HostileGrading.GradeAsync(source);
        var seen = await HostProcesses.SeenWhileAsync(marker, grading);
        var graded = await grading;

        seen.ShouldBeTrue($"the daemon was never seen while the submission was graded:\n{graded.AuthorText}");
        graded.ShouldHaveVerdict(Verdict.WrongAnswer).ShouldPassNoHiddenTest().ShouldLeakNothing();
        await HostProcesses.ShouldHaveNoSurvivorAsync(marker);
        await HostileGrading.HostStillGradesCorrectlyAsync();
    }

    [SandboxFact]
    public async Task A_print_flood_is_an_output_limit()
    {
        var marker = HostileGrading.NewMarker();
        var graded = await GradeEscapeAsync(marker, $$"""
            def attack(key):
                if not first():
                    return "nope"
                name_process("{{marker}}")
                while True:
                    print("flood " * 100)
            """);

        graded.ShouldHaveVerdict(Verdict.OutputLimitExceeded);
        graded.Test("hidden string").Status.ShouldBe(TestStatus.OutputLimit);
    }

    [SandboxFact]
    public async Task A_flood_that_defeats_the_in_process_cap_keeps_no_more_than_the_cap()
    {
        // The cap on print() lives in the candidate's process: catching its exception and clearing its flag passes the
        // test off as an ordinary one (documented in README, "What is not protected"). What is kept stays bounded.
        var marker = HostileGrading.NewMarker();
        var graded = await GradeEscapeAsync(marker, $$"""
            def attack(key):
                if not first():
                    return "nope"
                name_process("{{marker}}")
                for _ in range(10000):
                    try:
                        print("flood " * 100)
                    except BaseException:
                        try:
                            sys.stdout.truncated = False
                        except Exception:
                            pass
                return "nope"
            """);

        var test = graded.Test("hidden string");
        test.Status.ShouldBeOneOf(TestStatus.OutputLimit, TestStatus.Failed);
        test.Stdout.ShouldNotBeNull().Length.ShouldBeLessThanOrEqualTo(8 * 1024, graded.AuthorText);
    }

    [SandboxFact]
    public async Task A_flood_written_straight_to_the_descriptors_is_an_output_limit()
    {
        var marker = HostileGrading.NewMarker();
        var graded = await GradeEscapeAsync(marker, $$"""
            def attack(key):
                name_process("{{marker}}")
                block = b"flood " * 10000
                while True:
                    os.write(1, block)
                    os.write(2, block)
            """);

        graded.ShouldHaveVerdict(Verdict.OutputLimitExceeded);
        graded.Test("hidden string").Status.ShouldBe(TestStatus.OutputLimit);
    }

    [SandboxFact]
    public async Task Filling_the_scratch_space_fails_inside_the_sandbox_and_writes_nothing_on_the_host()
    {
        var marker = HostileGrading.NewMarker();
        var graded = await GradeEscapeAsync(marker, $$"""
            def attack(key):
                name_process("{{marker}}")
                block = b"\x01" * (512 << 10)
                for n in range(10 ** 6):
                    with open(f"/tmp/{{marker}}-{n}", "wb") as f:
                        f.write(block)
            """);

        graded.ShouldHaveVerdict(Verdict.RuntimeError);
        var error = graded.Test("hidden string").Error.ShouldNotBeNull(graded.AuthorText);
        error.Message.ShouldContain("No space left on device");
        Directory.GetFiles(Path.GetTempPath(), marker + "*").ShouldBeEmpty();
    }

    [SandboxFact]
    public async Task Exhausting_file_descriptors_fails_inside_the_sandbox()
    {
        var marker = HostileGrading.NewMarker();
        var graded = await GradeEscapeAsync(marker, $$"""
            import socket

            HOARD = []


            def attack(key):
                name_process("{{marker}}")
                while True:
                    HOARD.append(os.open("/dev/null", os.O_RDONLY))
                    HOARD.extend(os.pipe())
                    HOARD.extend(socket.socketpair())
            """);

        graded.ShouldHaveVerdict(Verdict.RuntimeError);
        graded.Test("hidden string").Error.ShouldNotBeNull(graded.AuthorText).Message.ShouldContain("Too many open files");
    }

    [SandboxFact]
    public async Task Deep_recursion_is_a_recursion_error()
    {
        var marker = HostileGrading.NewMarker();
        var graded = await GradeEscapeAsync(marker, $$"""
            def attack(key, depth=0):
                if depth == 0:
                    name_process("{{marker}}")
                return attack(key, depth + 1)
            """);

        graded.ShouldHaveVerdict(Verdict.RuntimeError);
        graded.Test("hidden string").Error.ShouldNotBeNull(graded.AuthorText).Type.ShouldBe("RecursionError");
    }

    [SandboxFact]
    public async Task Deep_recursion_with_the_recursion_limit_raised_ends_honestly()
    {
        // Past Python's own guard: the C stack or the memory limit stops it; never a pass or a hang.
        var marker = HostileGrading.NewMarker();
        var graded = await GradeEscapeAsync(marker, $$"""
            def attack(key):
                name_process("{{marker}}")
                sys.setrecursionlimit(10 ** 8)
                nested = []
                for _ in range(10 ** 6):
                    nested = [nested]
                return repr(nested)
            """);

        graded.Test("hidden string").Status.ShouldBeOneOf([TestStatus.Crashed, TestStatus.Error, TestStatus.Memory, TestStatus.Timeout], graded.AuthorText);
    }

    [SandboxFact]
    public async Task A_ctypes_segfault_is_a_crash()
    {
        var marker = HostileGrading.NewMarker();
        var graded = await GradeEscapeAsync(marker, $$"""
            def attack(key):
                import ctypes
                name_process("{{marker}}")
                return ctypes.string_at(0)
            """);

        graded.ShouldHaveVerdict(Verdict.RuntimeError);
        graded.HiddenTests.ShouldAllBe(t => t.Status == TestStatus.Crashed);
        graded.Test("hidden string").Message.ShouldNotBeNull().ShouldContain("SIGSEGV");
    }
}
