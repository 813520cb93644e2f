using System.Net;
using System.Net.Sockets;
using CodeGrader.Core.Grading;
using CodeGrader.Sandbox.Tests;
using CodeGrader.Core.Results;

namespace CodeGrader.Core.Tests.Security;

/// <summary>
/// Reaching out (SANDBOX.md): the network (the host's loopback included), the host's files, the host's processes and
/// standard input. The test itself opens what a submission would reach for (listeners, a file, a folder), hands the
/// addresses to the submission in its source, and checks afterwards that nothing arrived and nothing changed.
/// </summary>
public sealed class ReachingOutTests
{
    private static async Task<Graded> GradeAndCheckHostAsync(string attack, string prelude = "")
    {
        var graded = await HostileGrading.GradeAsync(Solutions.Hostile(attack, prelude));
        graded.ShouldPassNoHiddenTest().ShouldLeakNothing();
        await HostileGrading.HostStillGradesCorrectlyAsync();
        return graded;
    }

    [SandboxFact]
    public async Task The_hosts_loopback_listeners_receive_nothing_over_tcp_udp_or_an_abstract_unix_socket()
    {
        using var tcp = new TcpListener(IPAddress.Loopback, 0);
        tcp.Start();
        var tcpPort = ((IPEndPoint)tcp.LocalEndpoint).Port;
        using var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var udpPort = ((IPEndPoint)udp.Client.LocalEndPoint!).Port;
        var abstractName = "cg-security-" + Guid.NewGuid().ToString("N")[..12];
        using var unix = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        unix.Bind(new UnixDomainSocketEndPoint("\0" + abstractName));
        unix.Listen(8);
        var connections = 0;
        using var stop = new CancellationTokenSource();
        var accepting = Task.WhenAll(CountAsync(ct => tcp.AcceptSocketAsync(ct)), CountAsync(ct => unix.AcceptAsync(ct)));

        var graded = await GradeAndCheckHostAsync($$"""
            import socket


            def attack(key):
                outcomes = []
                for family, kind, address in [
                    (socket.AF_INET, socket.SOCK_STREAM, ("127.0.0.1", {{tcpPort}})),
                    (socket.AF_INET6, socket.SOCK_STREAM, ("::1", {{tcpPort}})),
                    (socket.AF_UNIX, socket.SOCK_STREAM, "\0{{abstractName}}"),
                ]:
                    try:
                        with socket.socket(family, kind) as s:
                            s.settimeout(0.2)
                            s.connect(address)
                            s.sendall(b"hello from the sandbox")
                            outcomes.append("connected")
                    except OSError as e:
                        outcomes.append(f"{type(e).__name__}")
                try:
                    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
                        for _ in range(20):
                            s.sendto(b"hello from the sandbox", ("127.0.0.1", {{udpPort}}))
                        outcomes.append("sent")
                except OSError as e:
                    outcomes.append(f"{type(e).__name__}")
                return outcomes
            """);
        await Task.Delay(200);
        await stop.CancelAsync();
        await accepting;

        graded.ShouldHaveVerdict(Verdict.WrongAnswer);
        graded.Test("hidden string").Actual.ShouldNotBeNull().ShouldNotContain("connected", customMessage: graded.AuthorText);
        connections.ShouldBe(0, "the host's listeners were reached from the sandbox");
        udp.Available.ShouldBe(0, "a datagram reached the host's UDP socket");

        async Task CountAsync(Func<CancellationToken, ValueTask<Socket>> accept)
        {
            try
            {
                while (true)
                {
                    using var accepted = await accept(stop.Token);
                    Interlocked.Increment(ref connections);
                }
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    [SandboxFact]
    public async Task Host_files_cannot_be_written_deleted_or_created()
    {
        // A folder of the host's, invisible inside; and files the sandbox does see, bound read-only: the worker itself
        // and Python's standard library.
        var folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "cg-security-" + Guid.NewGuid().ToString("N")[..12])).FullName;
        try
        {
            var precious = Path.Combine(folder, "precious.txt");
            var content = "keep me " + Guid.NewGuid();
            File.WriteAllText(precious, content);
            var before = Snapshot(folder);
            var hostTmpProbe = Path.Combine(Path.GetTempPath(), HostileGrading.NewMarker());
            var worker = HostileGrading.Options.Worker.WorkerPath;
            // HOME/lib/python3.X/os.py: /usr/lib/python3.11 for Debian's libpython (not beside the library, in its
            // multiarch folder), LIBDIR/python3.X for a Python built on its own.
            var python = HostileGrading.Options.Worker.Python;
            var stdlib = Directory.GetDirectories(Path.Combine(python.Home ?? Path.GetDirectoryName(Path.GetDirectoryName(python.LibraryPath)!)!, "lib"), "python3.*")
                .Select(d => Path.Combine(d, "os.py")).First(File.Exists);
            var stdlibBefore = Snapshot(Path.GetDirectoryName(stdlib)!, SearchOption.TopDirectoryOnly);

            var graded = await GradeAndCheckHostAsync($$"""
                import shutil

                PRECIOUS = "{{precious}}"
                FOLDER = "{{folder}}"
                HOST_TMP_PROBE = "{{hostTmpProbe}}"
                BOUND = {"worker": "{{worker}}", "stdlib": "{{stdlib}}"}


                def try_all(attempts):
                    outcomes = {}
                    for name, attempt in attempts.items():
                        try:
                            attempt()
                            outcomes[name] = "done"
                        except OSError as e:
                            outcomes[name] = type(e).__name__
                    return outcomes


                def attack(key):
                    hidden = try_all({
                        "overwrite": lambda: open(PRECIOUS, "w").write("overwritten"),
                        "append": lambda: open(PRECIOUS, "a").write("appended"),
                        "truncate": lambda: os.truncate(PRECIOUS, 0),
                        "chmod": lambda: os.chmod(PRECIOUS, 0o777),
                        "rename": lambda: os.rename(PRECIOUS, PRECIOUS + ".moved"),
                        "remove": lambda: os.remove(PRECIOUS),
                        "create": lambda: open(os.path.join(FOLDER, "planted.txt"), "w").write("planted"),
                        "symlink": lambda: os.symlink("/etc/passwd", os.path.join(FOLDER, "link")),
                        "mkdir": lambda: os.mkdir(os.path.join(FOLDER, "planted")),
                        "rmtree": lambda: shutil.rmtree(FOLDER),
                        "host tmp": lambda: open(HOST_TMP_PROBE, "w").write("planted"),
                    })
                    bound = {}
                    for what, path in BOUND.items():
                        for name, outcome in try_all({
                            "append": lambda: open(path, "ab").write(b"planted"),
                            "truncate": lambda: os.truncate(path, 0),
                            "chmod": lambda: os.chmod(path, 0o777),
                            "utime": lambda: os.utime(path, (0, 0)),
                            "rename": lambda: os.rename(path, path + ".moved"),
                            "remove": lambda: os.remove(path),
                            "beside": lambda: open(os.path.join(os.path.dirname(path), "planted.py"), "w").write("x"),
                        }).items():
                            bound[f"{what} {name}"] = outcome
                    return [hidden, bound]
                """);

            graded.ShouldHaveVerdict(Verdict.WrongAnswer);
            File.ReadAllText(precious).ShouldBe(content);
            Snapshot(folder).ShouldBe(before, "the host folder changed");
            File.Exists(hostTmpProbe).ShouldBeFalse("a file appeared in the host's temporary folder");
            Snapshot(Path.GetDirectoryName(stdlib)!, SearchOption.TopDirectoryOnly).ShouldBe(stdlibBefore, "Python's standard library changed");
            File.Exists(Path.Combine(Path.GetDirectoryName(worker)!, "planted.py")).ShouldBeFalse();
            var bound = graded.Test("hidden string").Actual.ShouldNotBeNull().Split("}, {")[1];
            bound.ShouldNotContain("'done'", customMessage: $"a read-only file of the host's was changed from inside:\n{graded.AuthorText}");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Every entry under the folder with its size, mode and modification time.</summary>
    private static List<string> Snapshot(string folder, SearchOption depth = SearchOption.AllDirectories) =>
    [
        .. new DirectoryInfo(folder).EnumerateFileSystemInfos("*", depth)
            .Select(i => $"{i.FullName} {(i is FileInfo f ? f.Length : -1)} {i.UnixFileMode} {i.LastWriteTimeUtc.Ticks}")
            .Order(StringComparer.Ordinal),
    ];

    [SandboxFact]
    public async Task Killing_the_parent_the_process_group_or_every_process_ends_only_the_submission()
    {
        foreach (var kill in new[] { "os.kill(os.getppid(), 9)", "os.kill(1, 9)", "os.kill(-1, 9)", "os.killpg(0, 9)", "os.killpg(os.getpgid(os.getppid()), 9)" })
        {
            var graded = await GradeAndCheckHostAsync($$"""
                def attack(key):
                    try:
                        {{kill}}
                    except OSError as e:
                        return type(e).__name__
                    time.sleep(0.1)
                    return "still here"
                """);

            // Whatever the kill reached inside the sandbox (nothing, or the submission itself), never the host.
            graded.Report.Verdict.ShouldBeOneOf([Verdict.WrongAnswer, Verdict.RuntimeError], $"{kill}:\n{graded.AuthorText}");
        }
    }

    [SandboxFact]
    public async Task Standard_input_holds_nothing_and_reading_it_does_not_hang()
    {
        var graded = await GradeAndCheckHostAsync("""
            def attack(key):
                got = [os.read(0, 1 << 16), sys.stdin.read(), sys.__stdin__.read() if sys.__stdin__ else None]
                try:
                    got.append(input())
                except EOFError:
                    got.append("EOF")
                with open("/dev/stdin", "rb") as f:
                    got.append(f.read())
                with open("/dev/tty", "rb") as f:
                    got.append(f.read(1))
                return got
            """);

        // /dev/tty does not exist in the sandbox (no terminal, new session): the last read fails, after the others.
        graded.ShouldHaveVerdict(Verdict.RuntimeError);
        graded.Test("hidden string").Error.ShouldNotBeNull(graded.AuthorText).Type.ShouldBeOneOf("FileNotFoundError", "OSError", "PermissionError");
    }
}
