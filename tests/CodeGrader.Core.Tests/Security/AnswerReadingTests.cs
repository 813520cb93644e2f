using CodeGrader.Core.Grading;
using CodeGrader.Core.Tests.TestSupport;
using CodeGrader.Sandbox.Tests;
using CodeGrader.Core.Results;

namespace CodeGrader.Core.Tests.Security;

/// <summary>
/// Reading the answers (SANDBOX.md): caller frames, the heap, the process's whole memory, files on disk, the
/// environment, /proc and the protocol channel. Each submission returns the first hidden expected value it finds, so a
/// successful search would pass a hidden test; each also reports what it searched, so the search is shown to work
/// (it finds the hidden argument it was called with, which the worker does see).
/// </summary>
public sealed class AnswerReadingTests
{
    /// <summary>Python: <c>strings_in(root)</c> collects every str (and decoded bytes) reachable through containers.</summary>
    private const string Walker = """
        import types


        def strings_in(root, found, depth=0, seen=None):
            seen = set() if seen is None else seen
            if id(root) in seen or depth > 6:
                return found
            seen.add(id(root))
            if isinstance(root, str):
                found.add(str.__str__(root))
            elif isinstance(root, (bytes, bytearray)):
                found.add(bytes(root).decode("utf-8", "replace"))
            elif isinstance(root, dict):
                for k, v in list(dict.items(root)):
                    strings_in(k, found, depth + 1, seen)
                    strings_in(v, found, depth + 1, seen)
            elif isinstance(root, (list, tuple, set, frozenset)):
                for item in list(root):
                    strings_in(item, found, depth + 1, seen)
            elif isinstance(root, types.CodeType):
                strings_in(root.co_consts, found, depth + 1, seen)
            else:
                try:
                    attributes = object.__getattribute__(root, "__dict__")
                except Exception:
                    attributes = None
                if isinstance(attributes, dict):
                    strings_in(attributes, found, depth + 1, seen)
            return found


        def verdict_of(found):
            hits = sorted(s for s in found if needle() in s)
            saw_argument = any("-".join(["HIDDEN", "ARG"]) in s for s in found)
            return hits[0] if hits else f"nothing in {len(found)} strings; saw the argument: {saw_argument}"
        """;

    private static async Task<Graded> GradeReaderAsync(string attack, string prelude = "")
    {
        var graded = await HostileGrading.GradeAsync(Solutions.Hostile(attack + "\n\n" + Walker, prelude));
        graded.ShouldPassNoHiddenTest().ShouldLeakNothing();
        await HostileGrading.HostStillGradesCorrectlyAsync();
        return graded;
    }

    private static void ShouldHaveSearchedAndFoundOnlyTheArgument(Graded graded)
    {
        graded.ShouldHaveVerdict(Verdict.WrongAnswer);
        var actual = graded.Test("hidden string").Actual.ShouldNotBeNull();
        actual.ShouldContain("nothing in", customMessage: graded.AuthorText);
        actual.ShouldContain("saw the argument: True", customMessage: "the search works: it finds what the worker was given");
    }

    [SandboxFact]
    public async Task Caller_frames_hold_the_call_but_no_expected_value()
    {
        var graded = await GradeReaderAsync("""
            import inspect


            def attack(key):
                found = set()
                frame = sys._getframe()
                while frame is not None:
                    strings_in(frame.f_locals, found)
                    strings_in(frame.f_globals, found)
                    strings_in(frame.f_code, found)
                    frame = frame.f_back
                for info in inspect.stack():
                    strings_in(info.frame.f_locals, found)
                    strings_in(info.frame.f_globals, found)
                return verdict_of(found)
            """);

        ShouldHaveSearchedAndFoundOnlyTheArgument(graded);
    }

    [SandboxFact]
    public async Task The_heap_holds_no_expected_value()
    {
        var graded = await GradeReaderAsync("""
            import gc


            def attack(key):
                found = set()
                for obj in gc.get_objects():
                    strings_in(obj, found, 5)
                strings_in(sys.modules, found)
                return verdict_of(found)
            """);

        ShouldHaveSearchedAndFoundOnlyTheArgument(graded);
    }

    [SandboxFact]
    public async Task The_worker_processs_whole_memory_holds_no_expected_value()
    {
        // Every readable mapping of the worker (the .NET runtime, Python, the harness, every buffer the channel used),
        // searched byte by byte through /proc/self/mem: expected values never enter the sandbox at all.
        var graded = await GradeReaderAsync("""
            def attack(key):
                target, argument = needle().encode(), ("HIDDEN" + "-ARG-").encode()
                hits, arguments, scanned, step = set(), set(), 0, 4 << 20
                fd = os.open("/proc/self/mem", os.O_RDONLY)
                try:
                    # Read the map first: the chunks read below are new mappings, not to be scanned in turn.
                    for line in open("/proc/self/maps").read().splitlines():
                        fields = line.split()
                        start, end = (int(x, 16) for x in fields[0].split("-"))
                        if not fields[1].startswith("r") or fields[-1] in ("[vvar]", "[vsyscall]"):
                            continue
                        for at in range(start, end, step):
                            try:
                                chunk = os.pread(fd, min(step + 64, end - at), at)
                            except OSError:
                                break
                            scanned += len(chunk)
                            for wanted, into in ((target, hits), (argument, arguments)):
                                i = chunk.find(wanted)
                                while i >= 0:
                                    tail = chunk[i:i + 40].split(b"\x00")[0].split(b'"')[0].split(b"'")[0]
                                    if len(tail) > len(wanted) + 1:
                                        into.add(tail.decode("ascii", "replace"))
                                    i = chunk.find(wanted, i + 1)
                finally:
                    os.close(fd)
                if hits:
                    return sorted(hits)[0]
                return f"nothing in {scanned >> 20} MiB; saw the argument: {key in arguments}"
            """);

        graded.ShouldHaveVerdict(Verdict.WrongAnswer);
        var actual = graded.Test("hidden string").Actual.ShouldNotBeNull();
        actual.ShouldContain("saw the argument: True", customMessage: graded.AuthorText);
    }

    [SandboxFact]
    public async Task Files_on_disk_the_exercise_folder_the_hosts_home_and_proc_hold_no_answer()
    {
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        string[] hostFiles =
        [
            Path.Combine(HostileGrading.ExerciseDirectory, "exercise.yaml"),
            Path.Combine(HostileGrading.ExerciseDirectory, "reference.py"),
            Path.Combine(HostileGrading.SourceExerciseDirectory, "exercise.yaml"),
            Path.Combine(HostileGrading.SourceExerciseDirectory, "reference.py"),
            Path.Combine(home, ".bash_history"),
            Path.Combine(home, ".profile"),
            "/etc/passwd",
            "/etc/shadow",
            "/etc/hostname",
        ];
        string[] hostDirectories = [HostileGrading.ExerciseDirectory, HostileGrading.SourceExerciseDirectory, Repository.Root, home, "/etc", "/home", "/var"];
        var graded = await GradeReaderAsync($$"""
            HOST_FILES = {{PythonList(hostFiles)}}
            HOST_DIRECTORIES = {{PythonList(hostDirectories)}}
            PROC_FILES = ["/proc/1/environ", "/proc/self/environ", "/proc/1/cmdline", "/proc/self/mountinfo",
                          "/proc/1/root/etc/passwd", "/proc/1/cwd/reference.py", "/proc/self/cwd/reference.py"]


            def read(path, found, seen):
                try:
                    with open(path, "rb") as f:
                        found.add(f.read(1 << 20).decode("utf-8", "replace"))
                    seen.append("file:" + path)
                except OSError:
                    pass


            def attack(key):
                found, seen = set(), []
                for path in HOST_FILES + PROC_FILES:
                    read(path, found, seen)
                for path in HOST_DIRECTORIES:
                    try:
                        seen.extend(f"dir:{path}:{name}" for name in os.listdir(path))
                    except OSError:
                        pass
                # Everything else visible, but the system's and Python's own libraries (too many to read in the time limit).
                skipped = ("/proc", "/sys", "/dev", "/usr", "/lib", "/lib64", os.path.join(sys.prefix, "lib"))
                for top, dirs, files in os.walk("/"):
                    dirs[:] = [d for d in dirs if os.path.join(top, d) not in skipped]
                    for name in files:
                        read(os.path.join(top, name), found, seen)
                hits = sorted(s for s in found if needle() in s)
                return hits[0] if hits else sorted(set(seen))
            """);

        graded.ShouldHaveVerdict(Verdict.WrongAnswer);
        var seen = graded.Test("hidden string").Actual.ShouldNotBeNull();
        seen.ShouldContain("'file:/proc/self/environ'", customMessage: "the probe ran and reports what it could read");
        foreach (var path in hostFiles)
            seen.ShouldNotContain($"'file:{path}'", Case.Sensitive, $"the sandbox could read the host's {path}:\n{graded.AuthorText}");
        // A host directory may exist inside only as the way to what is bound (the worker's directory, Python's library
        // and standard library), with nothing else in it.
        var python = HostileGrading.Options.Worker.Python;
        string[] bound = [HostileGrading.Options.Worker.WorkerPath, python.LibraryPath, python.Home ?? "/usr"];
        foreach (var directory in hostDirectories)
        {
            var onTheWay = bound.Where(b => b.StartsWith(directory + "/", StringComparison.Ordinal)).Select(b => b[(directory.Length + 1)..].Split('/')[0]).ToList();
            foreach (var entry in Entries(seen, $"dir:{directory}:"))
                onTheWay.ShouldContain(entry, $"the sandbox lists the host's {directory}/{entry}:\n{graded.AuthorText}");
        }
    }

    /// <summary>The names after <paramref name="prefix"/> in a Python list literal of strings.</summary>
    private static IEnumerable<string> Entries(string pythonList, string prefix) =>
        pythonList.Split("'").Where(s => s.StartsWith(prefix, StringComparison.Ordinal)).Select(s => s[prefix.Length..]);

    [SandboxFact]
    public async Task The_environment_and_every_visible_processs_environment_hold_none_of_the_hosts_variables()
    {
        var graded = await GradeReaderAsync($$"""
            def attack(key):
                found = {}
                found.update(os.environ)
                for pid in [p for p in os.listdir("/proc") if p.isdigit()] + ["self", "thread-self"]:
                    try:
                        with open(f"/proc/{pid}/environ", "rb") as f:
                            for entry in f.read().split(b"\0"):
                                name, _, value = entry.decode("utf-8", "replace").partition("=")
                                if name:
                                    found[name] = value
                    except OSError:
                        pass
                if "{{Secrets.EnvironmentVariable}}" in found:
                    return found["{{Secrets.EnvironmentVariable}}"]
                return sorted(found)
            """);

        graded.ShouldHaveVerdict(Verdict.WrongAnswer);
        var names = graded.Test("hidden string").Actual.ShouldNotBeNull();
        names.ShouldContain("CODEGRADER_CHANNEL", customMessage: "the probe ran: it sees the worker's own variables");
        foreach (var name in new[] { Secrets.EnvironmentVariable, "HOME", "PATH", "USER", "DOTNET_", "CI" })
            names.ShouldNotContain($"'{name}", Case.Sensitive, $"the host's {name} reached the sandbox:\n{graded.AuthorText}");
    }

    [SandboxFact]
    public async Task The_protocol_channel_carries_no_expected_value_and_stolen_requests_only_their_own_calls()
    {
        // Descriptor 3 brings the host's requests. The submission reads what waits there itself (the next hidden tests'
        // requests may: several are in flight), returning it, then leaves a child that steals the next request, answers
        // it with a result carrying the stolen frame (the right request id, so the host takes it) and leaves. Whatever it
        // got is calls of hidden tests, shown only to the author; the tests it starved time out honestly.
        var marker = HostileGrading.NewMarker();
        var graded = await GradeReaderAsync($$"""
            import json, struct

            FORKED = []


            def steal():
                name_process("{{marker}}")
                header = os.read(3, 9)
                length, kind, deadline = struct.unpack("<IBI", header)
                payload = b""
                while len(payload) < length:
                    payload += os.read(3, length - len(payload))
                request = json.loads(payload)
                answer = json.dumps({"id": request.get("id"), "outcome": "value",
                                     "value": {"t": "str", "v": "stolen: " + payload.decode()},
                                     "stdout": "", "stderr": "", "time_ns": 1}).encode()
                os.write(4, struct.pack("<IBI", len(answer), 0x83, 0) + answer)
                os._exit(0)


            def attack(key):
                os.set_blocking(3, False)
                try:
                    waiting = os.read(3, 1 << 16)
                except BlockingIOError:
                    waiting = b""
                finally:
                    os.set_blocking(3, True)
                if not FORKED:
                    FORKED.append(True)
                    if os.fork() == 0:
                        try:
                            steal()
                        finally:
                            os._exit(0)
                return f"waiting on the channel: {waiting!r}"
            """);

        graded.ShouldHaveVerdict(Verdict.WrongAnswer);
        graded.Test("hidden string").Actual.ShouldNotBeNull().ShouldContain("waiting on the channel: b", customMessage: graded.AuthorText);
        graded.Test("hidden string").Actual!.ShouldNotContain("HIDDEN-ARG-91c2", customMessage: "its own request was read by the worker, not left waiting");
        await HostProcesses.ShouldHaveNoSurvivorAsync(marker);
    }

    [SandboxFact]
    public async Task A_forged_big_answer_that_is_json_but_not_a_canonical_value_fails_its_test_and_grading_goes_on()
    {
        // A big answer's value is left as its JSON until it is judged (one equal to the reference's is never built). The
        // submission answers its own request itself (its id is in the harness's frames) with JSON that is well formed
        // but no canonical value (a run of doubles whose bytes are not whole doubles), and ends: each such test fails as
        // a malformed answer, and nothing else breaks.
        var graded = await GradeReaderAsync("""
            import json, struct


            def attack(key):
                frame, request = sys._getframe(), None
                while frame is not None and request is None:
                    request = next((v["id"] for v in frame.f_locals.values() if type(v) is dict and type(v.get("id")) is int), None)
                    frame = frame.f_back
                answer = json.dumps({"id": request, "outcome": "value",
                                     "value": {"t": "list", "f64": "A" * 99996 + "AA=="},
                                     "stdout": "", "stderr": "", "time_ns": 1}).encode()
                frame = struct.pack("<IBI", len(answer), 0x83, 0) + answer
                for start in range(0, len(frame), 32768):  # as the worker writes a big frame: in pieces the channel takes whole
                    os.write(4, frame[start:start + 32768])
                os._exit(0)
            """);

        var message = graded.Test("hidden string").Message.ShouldNotBeNull();
        message.ShouldContain("the worker's answer was malformed", customMessage: graded.AuthorText);
        message.ShouldContain("not a whole number of doubles", customMessage: "read when judged, not refused as JSON on arrival");
    }

    [SandboxFact]
    public async Task Arguments_seen_in_hidden_tests_cannot_be_shown_through_a_later_sample_test()
    {
        // The worker does see hidden arguments (it runs the calls). A submission could keep them and print or return them
        // in a sample test, whose output and value the candidate's report shows in full, had that sample run after them;
        // the exercise lists a sample after its hidden tests, and every sample runs first.
        var graded = await HostileGrading.GradeAsync("""
            SEEN = []


            def lookup(key):
                if key == "sample-key":
                    return "sample-value"
                if key == "sample-key-2":
                    print("kept from hidden tests:", SEEN)
                    return "sample-value-2 " + " ".join(SEEN)
                SEEN.append(key)
                return "nope"
            """);

        graded.ShouldPassNoHiddenTest().ShouldLeakNothing();
        graded.Test("sample last").Stdout.ShouldBe("kept from hidden tests: []\n");
        graded.Report.Tests.Select(t => t.Name).ShouldBe(["sample first", "hidden string", "hidden computed", "hidden list", "hidden int", "sample last"]);
    }

    [SandboxFact]
    public async Task Arguments_written_to_the_real_stderr_in_hidden_tests_cannot_surface_when_a_later_sample_test_crashes()
    {
        // The worker's own stderr (descriptor 2, not the captured sys.stderr) is attached to the test during which the
        // worker died; a hidden test's writes there must not reach a sample test's report.
        var graded = await HostileGrading.GradeAsync("""
            import os


            def lookup(key):
                if key == "sample-key":
                    return "sample-value"
                if key == "sample-key-2":
                    os._exit(3)
                os.write(2, ("kept: " + key + "\n").encode())
                return "nope"
            """);

        graded.ShouldPassNoHiddenTest().ShouldLeakNothing();
    }

    private static string PythonList(IEnumerable<string> items) => "[" + string.Join(", ", items.Select(i => "'" + i.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'")) + "]";
}
