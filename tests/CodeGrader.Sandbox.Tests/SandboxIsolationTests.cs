using System.Collections.Immutable;
using System.Net.Sockets;
using System.Net;
using CodeGrader.Core.Execution;

namespace CodeGrader.Sandbox.Tests;

/// <summary>Real sandboxes around /bin/sh and python3: what the confined code can see and reach.</summary>
public class SandboxIsolationTests
{
    [SandboxFact]
    public async Task A_loopback_listener_on_the_host_is_unreachable_and_receives_nothing()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;

        var run = await Sandboxed.RunAsync(Sandboxed.Python(
            "import socket\n" +
            "try:\n" +
            "    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)\n" +
            $"    s.settimeout(2); s.connect(('127.0.0.1', {port})); print('connected')\n" +
            "except OSError as e:\n" +
            "    print('refused', e.errno)\n" +
            "print(sorted(l.split(':')[0].strip() for l in open('/proc/net/dev').readlines()[2:]))\n"));

        run.Stdout.ShouldContain("refused 1", customMessage: run.ToString()); // EPERM from seccomp
        run.Stdout.ShouldContain("['lo']", customMessage: "the network namespace has only its own loopback");
        listener.Pending().ShouldBeFalse();
    }

    [SandboxFact]
    public async Task Creating_an_inet_socket_fails_with_EPERM_while_plain_python_works()
    {
        var socket = await Sandboxed.RunAsync(Sandboxed.Python("import socket; socket.socket()"));
        var pass = await Sandboxed.RunAsync(Sandboxed.Python("pass"));
        var unix = await Sandboxed.RunAsync(Sandboxed.Python("import socket; a, b = socket.socketpair(); a.send(b'x'); print(b.recv(1))"));

        socket.ExitCode.ShouldBe(1, socket.ToString());
        socket.Stderr.ShouldContain("PermissionError: [Errno 1] Operation not permitted");
        pass.ExitCode.ShouldBe(0, pass.ToString());
        unix.Stdout.ShouldContain("b'x'", customMessage: unix.ToString());
    }

    [SandboxFact]
    public async Task The_hosts_environment_is_absent_and_the_commands_own_variables_are_present()
    {
        var secret = $"cg-secret-{Guid.NewGuid():N}";
        Environment.SetEnvironmentVariable("CODEGRADER_TEST_SECRET", secret);
        try
        {
            var run = await Sandboxed.RunAsync(Sandboxed.Shell(
                "env; for f in /proc/[0-9]*/environ; do tr '\\0' '\\n' < $f; done",
                ImmutableDictionary<string, string>.Empty.Add("GIVEN", "yes")));

            run.ExitCode.ShouldBe(0, run.ToString());
            run.Stdout.ShouldContain("GIVEN=yes");
            run.Stdout.ShouldNotContain(secret);
            run.Stdout.ShouldNotContain("CODEGRADER_TEST_SECRET");
            run.Stdout.ShouldNotContain("HOME=");
        }
        finally
        {
            Environment.SetEnvironmentVariable("CODEGRADER_TEST_SECRET", null);
        }
    }

    [SandboxFact]
    public async Task Host_files_are_neither_readable_nor_writable()
    {
        var secretInTmp = Path.Combine(Path.GetTempPath(), $"cg-secret-{Guid.NewGuid():N}");
        var secretBesideTests = Path.Combine(AppContext.BaseDirectory, $"cg-secret-{Guid.NewGuid():N}");
        File.WriteAllText(secretInTmp, "top secret");
        File.WriteAllText(secretBesideTests, "top secret");
        try
        {
            var run = await Sandboxed.RunAsync(Sandboxed.Shell(
                $"cat {secretInTmp} {secretBesideTests} /etc/passwd /etc/shadow /root/.bash_history; " +
                "ls -A /root /home /etc /sys /var 2>&1 | head -5; " +
                $"echo overwritten > {secretInTmp}; echo x > /usr/lib/x86_64-linux-gnu/cg-probe; echo x > /cg-probe; echo x > /bin/cg-probe; " +
                "echo end"));

            run.Stdout.ShouldNotContain("top secret");
            run.Stdout.ShouldNotContain("root:");
            run.Stdout.ShouldContain("end", customMessage: run.ToString());
            run.Stderr.ShouldContain("Read-only file system");
            File.ReadAllText(secretInTmp).ShouldBe("top secret");
            File.Exists("/usr/lib/x86_64-linux-gnu/cg-probe").ShouldBeFalse();
            File.Exists("/cg-probe").ShouldBeFalse();
        }
        finally
        {
            File.Delete(secretInTmp);
            File.Delete(secretBesideTests);
        }
    }

    [SandboxFact]
    public async Task The_scratch_tmpfs_is_the_working_directory_and_is_size_limited()
    {
        var limits = ResourceLimits.Default with { ScratchBytes = 1024 * 1024, FileSizeBytes = 64 * 1024 * 1024 };

        var run = await Sandboxed.RunAsync(Sandboxed.Shell(
            "pwd; head -c 3000000 /dev/zero > big; echo status=$?; wc -c < big; echo x > /dev/shm/x || echo shm-refused"), limits);

        run.Stdout.ShouldStartWith("/tmp\n", customMessage: run.ToString());
        run.Stdout.ShouldNotContain("status=0");
        run.Stderr.ShouldContain("No space left on device");
        long.Parse(run.Stdout.Split('\n')[2].Trim(), System.Globalization.CultureInfo.InvariantCulture).ShouldBeLessThanOrEqualTo(1024 * 1024);
        run.Stdout.ShouldContain("shm-refused");
    }

    [SandboxFact]
    public async Task The_sandbox_has_its_own_pids_no_capabilities_no_new_privileges_and_the_filter()
    {
        var run = await Sandboxed.RunAsync(Sandboxed.Shell(
            "echo pid=$$; ls /proc | grep -c '^[0-9]'; grep -E '^(CapEff|CapBnd|NoNewPrivs|Seccomp):' /proc/self/status; hostname"));

        run.ExitCode.ShouldBe(0, run.ToString());
        var lines = run.Stdout.Split('\n');
        int.Parse(lines[0]["pid=".Length..], System.Globalization.CultureInfo.InvariantCulture).ShouldBeLessThan(10);
        int.Parse(lines[1], System.Globalization.CultureInfo.InvariantCulture).ShouldBeLessThan(6);
        run.Stdout.ShouldContain("CapEff:\t0000000000000000");
        run.Stdout.ShouldContain("CapBnd:\t0000000000000000");
        run.Stdout.ShouldContain("NoNewPrivs:\t1");
        run.Stdout.ShouldContain("Seccomp:\t2");
        run.Stdout.ShouldContain("codegrader");
    }

    [SandboxFact]
    public async Task The_channel_descriptors_pass_through_and_the_filters_descriptor_does_not()
    {
        var run = await Sandboxed.RunAsync(Sandboxed.Shell(
            "for n in 3 4 5; do [ -e /proc/self/fd/$n ] && echo fd$n=open || echo fd$n=closed; done"));

        run.Stdout.ShouldContain("fd3=open", customMessage: run.ToString());
        run.Stdout.ShouldContain("fd4=open");
        run.Stdout.ShouldContain("fd5=closed");
    }

    [SandboxFact]
    public async Task Namespaces_keyrings_io_uring_ptrace_and_locks_are_refused_by_the_filter()
    {
        var run = await Sandboxed.RunAsync(Sandboxed.Python(
            "import ctypes, fcntl, os\n" +
            "libc = ctypes.CDLL(None, use_errno=True)\n" +
            "def call(n, *a):\n" +
            "    ctypes.set_errno(0); r = libc.syscall(n, *a); return (r, ctypes.get_errno())\n" +
            "print('unshare', call(272, 0x10000000))\n" +
            "print('keyctl', call(250, 0, 0, 0, 0))\n" +
            "print('io_uring_setup', call(425, 1, 0))\n" +
            "print('ptrace', call(101, 16, 1, 0, 0))\n" +
            "print('personality', call(135, 0x0040000))\n" +
            "f = open('lock', 'w')\n" +
            "try:\n" +
            "    fcntl.flock(f, fcntl.LOCK_EX); print('flock', 'taken')\n" +
            "except OSError as e:\n" +
            "    print('flock', e.errno)\n" +
            "try:\n" +
            "    fcntl.lockf(f, fcntl.LOCK_EX); print('lockf', 'taken')\n" +
            "except OSError as e:\n" +
            "    print('lockf', e.errno)\n"));

        run.ExitCode.ShouldBe(0, run.ToString());
        foreach (var name in new[] { "unshare", "keyctl", "io_uring_setup", "ptrace", "personality" })
        {
            run.Stdout.ShouldContain($"{name} (-1, 1)", customMessage: run.ToString());
        }
        run.Stdout.ShouldContain("flock 1");
        run.Stdout.ShouldContain("lockf 1");
    }

    [SandboxFact]
    public async Task Nested_user_namespaces_are_refused()
    {
        var run = await Sandboxed.RunAsync(Sandboxed.Shell("unshare -U true && echo nested || echo refused"));

        run.Stdout.ShouldContain("refused", customMessage: run.ToString());
    }
}
