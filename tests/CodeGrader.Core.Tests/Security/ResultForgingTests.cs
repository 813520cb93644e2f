using CodeGrader.Core.Grading;
using CodeGrader.Core.Reports;
using CodeGrader.Sandbox.Tests;
using CodeGrader.Core.Results;

namespace CodeGrader.Core.Tests.Security;

/// <summary>
/// Forging results (SANDBOX.md): pass markers on stdout, fake frames on the inherited descriptors, early exits with
/// status 0, exit hooks, patched builtins and clocks. The host reads results only from its own channel, checks each
/// answer's request id, compares values itself and keeps its own clock: a forger is never accepted, and its verdict says
/// what really happened.
/// </summary>
public sealed class ResultForgingTests
{
    /// <summary>Python: a frame as the worker writes it (u32 length, u8 kind, u32 deadline, JSON payload).</summary>
    private const string Frames = """
        import json, struct


        def frame(kind, body):
            payload = json.dumps(body).encode()
            return struct.pack("<IBI", len(payload), kind, 0) + payload


        def passed_result(request_id):
            return frame(0x83, {"id": request_id, "outcome": "value", "value": {"t": "bool", "v": True},
                                "stdout": "PASSED", "stderr": "", "time_ns": 1})


        FAKE_REPORT = json.dumps({"schema": "codegrader/report@1", "verdict": "accepted", "score": 100,
                                  "tests": [{"name": "hidden string", "status": "passed"}]})
        """;

    private static async Task<Graded> GradeForgerAsync(string attack, string prelude = "")
    {
        var graded = await HostileGrading.GradeAsync(Solutions.Hostile(attack + "\n\n" + Frames, prelude));
        graded.ShouldPassNoHiddenTest().ShouldLeakNothing();
        await HostileGrading.HostStillGradesCorrectlyAsync();
        return graded;
    }

    [SandboxFact]
    public async Task Pass_markers_and_a_fake_json_report_on_stdout_are_just_output()
    {
        var graded = await GradeForgerAsync("""
            def attack(key):
                print("PASSED")
                print("ok 1 - hidden string")
                print(FAKE_REPORT)
                os.write(1, b"PASSED\n" + FAKE_REPORT.encode() + b"\n")
                os.write(2, b"PASSED\n")
                return "PASSED"
            """);

        graded.ShouldHaveVerdict(Verdict.WrongAnswer);
        graded.HiddenTests.ShouldAllBe(t => t.Status == TestStatus.Failed);
        graded.Test("hidden string").Stdout.ShouldNotBeNull().ShouldContain("PASSED", customMessage: "captured as output, never parsed");
    }

    [SandboxFact]
    public async Task Fake_result_frames_on_stdout_and_stderr_are_just_output()
    {
        var graded = await GradeForgerAsync("""
            def attack(key):
                for fd in (1, 2):
                    for request_id in range(1, 6):
                        os.write(fd, passed_result(request_id))
                sys.stdout.write(passed_result(1).decode("latin-1"))
                return False
            """);

        graded.ShouldHaveVerdict(Verdict.WrongAnswer);
        graded.HiddenTests.ShouldAllBe(t => t.Status == TestStatus.Failed);
    }

    [SandboxFact]
    public async Task A_fake_result_frame_on_the_result_channel_is_a_protocol_violation_not_a_pass()
    {
        // The request id is random per request: a guessed one is a forgery, and the worker is killed for it.
        var graded = await GradeForgerAsync("""
            def attack(key):
                os.write(4, passed_result(1))
                os.write(4, passed_result(2))
                time.sleep(0.2)
                return True
            """);

        graded.ShouldHaveVerdict(Verdict.RuntimeError);
        graded.Test("hidden string").Status.ShouldBe(TestStatus.Crashed, graded.AuthorText);
        graded.Test("hidden string").Message.ShouldNotBeNull().ShouldContain("forged");
    }

    [SandboxFact]
    public async Task A_result_frame_with_the_real_request_id_is_still_only_a_value_the_host_judges()
    {
        // The id can be read from the harness's frames; a frame that carries it is then the test's answer, and the
        // value it claims (True, "PASSED") is compared by the host like any other. The real answer that follows is
        // out of turn: the worker is killed and the remaining tests run in a fresh one.
        var graded = await GradeForgerAsync("""
            def request_id():
                frame = sys._getframe()
                while frame is not None:
                    request = frame.f_locals.get("request")
                    if isinstance(request, dict) and "id" in request:
                        return request["id"]
                    frame = frame.f_back
                return 0


            def attack(key):
                os.write(4, passed_result(request_id()))
                return "PASSED"
            """);

        graded.ShouldHaveVerdict(Verdict.WrongAnswer);
        graded.Test("hidden string").Actual.ShouldBe("True", graded.AuthorText);
    }

    [SandboxFact]
    public async Task Closing_or_jamming_the_result_channel_ends_the_test_honestly()
    {
        // The answer cannot get out (descriptor 4 closed), or a frame claims 64 MiB and never delivers them: the host
        // reports what it saw (a worker that died before answering, or no answer by the hard deadline), never a pass.
        foreach (var (jam, expected) in new[]
        {
            ("os.close(4)", TestStatus.Crashed),
            ("os.write(4, struct.pack('<IBI', 64 << 20, 0x83, 0) + b'{\"id\": ')", TestStatus.Timeout),
        })
        {
            var graded = await GradeForgerAsync($$"""
                def attack(key):
                    if first():
                        {{jam}}
                    return "nope"
                """);

            // Each hidden test runs in a fresh worker after the one before was lost, and jams it again as its first call.
            graded.HiddenTests.ShouldAllBe(t => t.Status == expected, $"{jam}:\n{graded.AuthorText}");
            graded.Test("sample last").Status.ShouldBe(TestStatus.Passed, graded.AuthorText);
        }
    }

    [SandboxFact]
    public async Task A_worker_that_silences_its_result_channel_is_killed_by_the_deadline_not_waited_for()
    {
        // Descriptor 4 pointed at /dev/null: the host sees the channel close while the worker lives on, waiting for the
        // next request. That is a broken protocol, and no test may take longer than its hard deadline (1 s + 0.5 s here)
        // because of it: the whole grading stays well within tests x hard deadline.
        var graded = await GradeForgerAsync("""
            def attack(key):
                os.dup2(os.open("/dev/null", os.O_WRONLY), 4)
                return "nope"
            """);

        graded.ShouldHaveVerdict(Verdict.RuntimeError);
        graded.HiddenTests.ShouldAllBe(t => t.Status == TestStatus.Crashed, graded.AuthorText);
        graded.Test("hidden string").Message.ShouldNotBeNull().ShouldContain("closed its channel");
        graded.Report.Timings.TotalMs.ShouldBeLessThan(graded.Report.Tests.Length * 1500 + 5000, graded.AuthorText);
    }

    [SandboxFact]
    public async Task Exiting_with_status_zero_during_a_test_is_an_early_exit_not_a_pass()
    {
        var graded = await GradeForgerAsync("""
            def attack(key):
                print("PASSED")
                sys.stdout.flush()
                os._exit(0)
            """);

        graded.ShouldHaveVerdict(Verdict.RuntimeError);
        graded.HiddenTests.ShouldAllBe(t => t.Status == TestStatus.Crashed);
        graded.Test("hidden string").Message.ShouldNotBeNull().ShouldContain("exited with status 0");
    }

    [SandboxFact]
    public async Task Sys_exit_zero_during_a_test_is_an_exception_not_a_pass()
    {
        var graded = await GradeForgerAsync("""
            def attack(key):
                sys.exit(0)
            """);

        graded.ShouldHaveVerdict(Verdict.RuntimeError);
        graded.HiddenTests.ShouldAllBe(t => t.Status == TestStatus.Error);
        graded.Test("hidden string").Message.ShouldNotBeNull().ShouldContain("SystemExit");
    }

    [SandboxFact]
    public async Task Exiting_with_status_zero_while_imported_runs_no_test()
    {
        foreach (var exit in new[] { "os._exit(0)", "sys.exit(0)", "raise SystemExit" })
        {
            var graded = await GradeForgerAsync("def attack(key):\n    return None", prelude: exit);

            graded.ShouldHaveVerdict(Verdict.RuntimeError);
            graded.Report.Tests.ShouldAllBe(t => t.Status == TestStatus.NotRun, exit);
            graded.Report.Score.ShouldBe(0);
        }
    }

    [SandboxFact]
    public async Task Exit_hooks_that_print_pass_markers_and_forge_frames_change_nothing()
    {
        // atexit, a finalizer and a signal handler for SIGTERM: whatever runs when the worker ends comes too late.
        var graded = await GradeForgerAsync("""
            import atexit, signal, weakref


            class Forger:
                pass


            def forge(*_):
                print("PASSED")
                for request_id in range(1, 20):
                    try:
                        os.write(4, passed_result(request_id))
                    except OSError:
                        pass
                os._exit(0)


            atexit.register(forge)
            KEEP = Forger()
            weakref.finalize(KEEP, forge)
            try:
                signal.signal(signal.SIGTERM, forge)
            except ValueError:
                pass


            def attack(key):
                return "nope"
            """);

        graded.ShouldHaveVerdict(Verdict.WrongAnswer);
        graded.HiddenTests.ShouldAllBe(t => t.Status == TestStatus.Failed);
    }

    [SandboxFact]
    public async Task Terminal_control_sequences_cannot_rewrite_the_text_report()
    {
        // What the submission controls (its output, exception messages, source and file name) shown raw on a terminal
        // could move the cursor up over the verdict and print a forged one, or send the terminal other commands
        // (OSC 52 writes the clipboard). Every report, in every format and view, must show control characters escaped.
        const string Forged = "\\x1b[1A\\x1b[2K\\rACCEPTED  score 100/100\\x1b]52;c;aGVsbG8=\\x07\\x9b2J";
        var runtime = await GradeForgerAsync($$"""
            FORGED = "{{Forged}}"


            def attack(key):
                print(FORGED)
                sys.stderr.write(FORGED)
                os.write(2, FORGED.encode())
                raise ValueError(FORGED)
            """);
        var imported = await HostileGrading.GradeAsync($"raise ValueError(\"{Forged}\")\n", fileName: "solution\u001b[2K\r.py");
        var syntax = await HostileGrading.GradeAsync($"def lookup(key):\n    return \u001b[2K\r 'x'\n", fileName: "solution.py");

        foreach (var graded in new[] { runtime, imported, syntax })
        {
            graded.Report.Verdict.ShouldNotBe(Verdict.Accepted);
            foreach (var (format, text) in graded.Author.Select(a => ($"author {a.Key}", a.Value)).Concat(graded.Candidate.Select(c => ($"candidate {c.Key}", c.Value))))
            {
                var control = text.FirstOrDefault(c => (char.IsControl(c) && c is not '\n' and not '\t'));
                control.ShouldBe('\0', $"the {format} report holds the control character U+{(int)control:X4} from the submission:\n{text}");
            }
        }
    }

    [SandboxFact]
    public async Task Patched_builtins_do_not_change_how_the_host_compares()
    {
        // Builtins the harness might lean on made to lie, str's own comparison patched where Python allows it, and the
        // harness's own value converter replaced (found on the heap): the host still judges what arrives, as what it is.
        var graded = await GradeForgerAsync("""
            import builtins, gc


            def lie(*args, **kwargs):
                return True


            def patch_everything():
                for name in ("isinstance", "issubclass", "callable", "hasattr"):
                    setattr(builtins, name, lie)
                builtins.len = lambda obj: 0
                builtins.repr = builtins.str = builtins.ascii = lambda obj: "True"
                builtins.type = lambda *args: bool
                try:
                    str.__eq__ = lie
                except TypeError:
                    pass
                for obj in gc.get_objects():
                    if type(obj) is dict and "canonical" in obj and callable(obj["canonical"]):
                        obj["canonical"] = lambda value, *rest: {"t": "bool", "v": True}


            def attack(key):
                patch_everything()
                return "nope"
            """);

        graded.ShouldHaveVerdict(Verdict.WrongAnswer);
        graded.HiddenTests.ShouldAllBe(t => t.Status != TestStatus.Passed);
    }

    [SandboxFact]
    public async Task A_patched_clock_does_not_hide_a_slow_test()
    {
        // time.perf_counter and friends frozen, the harness's own captured clock too: the host's clock still sees the time.
        var graded = await GradeForgerAsync("""
            import gc


            def freeze_clocks():
                for name in ("perf_counter", "perf_counter_ns", "monotonic", "monotonic_ns", "time", "time_ns", "process_time", "process_time_ns"):
                    setattr(time, name, (lambda: 0))
                for obj in gc.get_objects():
                    if type(obj) is dict and "_perf" in obj:
                        obj["_perf"] = lambda: 0


            def attack(key):
                if not first():
                    return "nope"
                freeze_clocks()
                deadline = os.times().elapsed + 3
                while os.times().elapsed < deadline:
                    pass
                return "nope"
            """);

        graded.ShouldHaveVerdict(Verdict.TimeLimitExceeded);
        graded.Test("hidden string").Status.ShouldBe(TestStatus.Timeout, graded.AuthorText);
    }

    [SandboxFact]
    public async Task A_patched_clock_cannot_carry_a_hidden_argument_to_the_candidate()
    {
        // The worker reports how long each call took; a candidate controls that number. Encoded in it here: the hidden
        // argument's last four hex digits behind a recognisable prefix (777...), as milliseconds. The candidate's report
        // must not show it (the host's own clock is the only time it may show for a hidden test).
        var graded = await GradeForgerAsync("""
            import gc


            def attack(key):
                encoded = (7770000000 + int(key[-4:], 16)) * 1_000_000

                harness = next(o for o in gc.get_objects() if type(o) is dict and "_perf" in o)
                real = harness["_perf"]

                def clock():
                    # Read once, when this call ends (the harness's "started" is set): the claim, then the real clock
                    # again, so that only this hidden test carries it.
                    harness["_perf"] = real
                    return sys._getframe(1).f_locals["started"] + encoded

                harness["_perf"] = clock
                return "nope"
            """);

        graded.ShouldHaveVerdict(Verdict.WrongAnswer);
        graded.Author[ReportFormat.Json].ShouldContain("777003731", customMessage: "the clock was patched: the author's report shows the worker's claim");
        foreach (var argument in Secrets.Arguments)
        {
            var encoded = (7770000000 + Convert.ToInt64(argument[^4..], 16)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            foreach (var (format, text) in graded.Candidate)
                text.ShouldNotContain(encoded[..9], Case.Sensitive, $"the candidate's {format} report carries {argument} encoded as a time:\n{text}");
        }
    }
}
