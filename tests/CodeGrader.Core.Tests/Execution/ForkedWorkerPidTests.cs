using System.Runtime.InteropServices;
using CodeGrader.Core.Execution;
using Microsoft.Win32.SafeHandles;

namespace CodeGrader.Core.Tests.Execution;

/// <summary>The pid a forked worker's logs name, looked up from its pidfd while it runs.</summary>
public partial class ForkedWorkerPidTests
{
    private const long SYS_pidfd_open = 434;

    [LibraryImport("libc.so.6", EntryPoint = "syscall", SetLastError = true)]
    private static partial long Syscall(long number, nint a1, nint a2);

    private static SafeFileHandle PidfdOf(int pid)
    {
        var fd = Syscall(SYS_pidfd_open, pid, 0);
        fd.ShouldBeGreaterThanOrEqualTo(0, $"pidfd_open failed (errno {Marshal.GetLastPInvokeError()})");
        return new SafeFileHandle((nint)fd, ownsHandle: true);
    }

    [Fact]
    public void A_pidfd_names_its_process_by_the_pid_this_process_sees()
    {
        using var pidfd = PidfdOf(Environment.ProcessId);

        ForkedLaunch.GlobalPid(pidfd).ShouldBe(Environment.ProcessId);
    }

    [Fact]
    public void A_closed_pidfd_names_no_process_even_when_its_number_was_given_to_another_descriptor()
    {
        var pidfd = PidfdOf(Environment.ProcessId);
        var number = pidfd.DangerousGetHandle();
        pidfd.Dispose();
        using var reused = PidfdOf(Environment.ProcessId); // most likely the same number again

        ForkedLaunch.GlobalPid(pidfd).ShouldBe(0, $"descriptor {number} was closed; {reused.DangerousGetHandle()} holds the number now");
    }

    [Fact]
    public void A_process_already_reaped_is_named_by_no_pid()
    {
        using var process = System.Diagnostics.Process.Start("/bin/sleep", "0.2");
        using var pidfd = PidfdOf(process.Id);
        ForkedLaunch.GlobalPid(pidfd).ShouldBe(process.Id, "alive");

        process.WaitForExit(); // .NET reaps it

        ForkedLaunch.GlobalPid(pidfd).ShouldBe(0, "the kernel says -1 once the process is reaped");
    }
}
