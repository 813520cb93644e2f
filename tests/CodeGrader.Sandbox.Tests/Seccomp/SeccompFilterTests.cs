using CodeGrader.Sandbox.Seccomp;

namespace CodeGrader.Sandbox.Tests.Seccomp;

public class SeccompFilterTests
{
    private const uint Allow = SeccompFilter.ActionAllow;
    private const uint Eperm = SeccompFilter.ActionErrno | SeccompFilter.EPERM;
    private const uint Kill = SeccompFilter.ActionKillProcess;

    private static uint Decide(uint number, params ulong[] args) => BpfInterpreter.Run(SeccompFilter.Program, number, SeccompFilter.AuditArchX86_64, args);

    public static TheoryData<uint, string> Denied()
    {
        var data = new TheoryData<uint, string>();
        foreach (var denied in SeccompFilter.DeniedSyscalls) data.Add(denied.Number, denied.Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(Denied))]
    public void Every_denied_syscall_fails_with_EPERM(uint number, string name)
    {
        Decide(number).ShouldBe(Eperm, name);
    }

    [Fact]
    public void The_denylist_covers_isolates_list_and_the_kernel_interfaces_named_in_the_design()
    {
        var names = SeccompFilter.DeniedSyscalls.Select(d => d.Name).ToHashSet();
        string[] required =
        [
            "keyctl", "add_key", "request_key", "io_uring_setup", "io_uring_enter", "io_uring_register", "flock",
            "ptrace", "process_vm_readv", "process_vm_writev", "mount", "umount2", "pivot_root", "chroot", "unshare",
            "setns", "bpf", "perf_event_open", "kexec_load", "init_module", "finit_module", "delete_module", "reboot",
            "swapon", "swapoff", "userfaultfd", "personality",
        ];
        foreach (var name in required) names.ShouldContain(name);
        SeccompFilter.DeniedSyscalls.Select(d => d.Number).ShouldBeUnique();
    }

    [Theory]
    [InlineData(0u)]   // read
    [InlineData(1u)]   // write
    [InlineData(9u)]   // mmap
    [InlineData(202u)] // futex
    [InlineData(257u)] // openat
    [InlineData(59u)]  // execve
    [InlineData(231u)] // exit_group
    [InlineData(62u)]  // kill
    [InlineData(318u)] // getrandom
    public void Ordinary_syscalls_are_allowed(uint number)
    {
        Decide(number).ShouldBe(Allow);
    }

    [Fact]
    public void A_foreign_architecture_is_killed()
    {
        const uint AuditArchI386 = 0x40000003;
        BpfInterpreter.Run(SeccompFilter.Program, 1, AuditArchI386).ShouldBe(Kill);
    }

    [Fact]
    public void X32_syscall_numbers_are_killed()
    {
        Decide(SeccompFilter.X32SyscallBit | 1).ShouldBe(Kill);
        Decide(SeccompFilter.X32SyscallBit | 41).ShouldBe(Kill);
    }

    [Theory]
    [InlineData(2u, "AF_INET")]
    [InlineData(10u, "AF_INET6")]
    [InlineData(16u, "AF_NETLINK")]
    [InlineData(17u, "AF_PACKET")]
    [InlineData(38u, "AF_ALG")]
    [InlineData(40u, "AF_VSOCK")]
    public void Sockets_other_than_AF_UNIX_are_refused(uint family, string name)
    {
        Decide(SeccompFilter.SocketNumber, family, 1, 0).ShouldBe(Eperm, name);
        Decide(SeccompFilter.SocketPairNumber, family, 1, 0).ShouldBe(Eperm, name);
    }

    [Fact]
    public void AF_UNIX_sockets_are_allowed()
    {
        Decide(SeccompFilter.SocketNumber, SeccompFilter.AF_UNIX, 1, 0).ShouldBe(Allow);
        Decide(SeccompFilter.SocketPairNumber, SeccompFilter.AF_UNIX, 1, 0).ShouldBe(Allow);
    }

    [Fact]
    public void Fcntl_refuses_locks_and_leases_and_allows_the_rest()
    {
        foreach (var (command, name) in SeccompFilter.DeniedFcntlCommands) Decide(SeccompFilter.FcntlNumber, 3, command).ShouldBe(Eperm, name);
        Decide(SeccompFilter.FcntlNumber, 3, 3).ShouldBe(Allow);    // F_GETFL
        Decide(SeccompFilter.FcntlNumber, 3, 2).ShouldBe(Allow);    // F_SETFD
        Decide(SeccompFilter.FcntlNumber, 3, 1030).ShouldBe(Allow); // F_DUPFD_CLOEXEC
    }

    [Fact]
    public void Clone_with_namespace_flags_is_refused_and_clone3_reports_ENOSYS()
    {
        const ulong ThreadFlags = 0x003D0F00; // what glibc passes for pthread_create
        const ulong CloneNewUser = 0x10000000;
        const ulong CloneNewNet = 0x40000000;
        Decide(SeccompFilter.CloneNumber, ThreadFlags).ShouldBe(Allow);
        Decide(SeccompFilter.CloneNumber, 17).ShouldBe(Allow); // fork: SIGCHLD
        Decide(SeccompFilter.CloneNumber, CloneNewUser | 17).ShouldBe(Eperm);
        Decide(SeccompFilter.CloneNumber, CloneNewNet | 17).ShouldBe(Eperm);
        Decide(SeccompFilter.Clone3Number).ShouldBe(SeccompFilter.ActionErrno | SeccompFilter.ENOSYS);
    }

    [Fact]
    public void Ioctl_refuses_pushing_input_into_a_terminal_only()
    {
        Decide(SeccompFilter.IoctlNumber, 0, 0x5412).ShouldBe(Eperm); // TIOCSTI
        Decide(SeccompFilter.IoctlNumber, 0, 0x541C).ShouldBe(Eperm); // TIOCLINUX
        Decide(SeccompFilter.IoctlNumber, 0, 0x5401).ShouldBe(Allow); // TCGETS
        Decide(SeccompFilter.IoctlNumber, 0, 0x541B).ShouldBe(Allow); // FIONREAD
    }

    [Fact]
    public void Every_syscall_number_gets_the_verdict_of_the_lists_and_is_decided_in_a_few_steps()
    {
        var denied = SeccompFilter.DeniedSyscalls.Select(d => d.Number).ToHashSet();
        uint[] argumentChecked = [SeccompFilter.SocketNumber, SeccompFilter.SocketPairNumber, SeccompFilter.FcntlNumber, SeccompFilter.CloneNumber, SeccompFilter.IoctlNumber];
        var longest = 0;
        for (uint number = 0; number < 1024; number++)
        {
            var (verdict, steps) = BpfInterpreter.Trace(SeccompFilter.Program, number, SeccompFilter.AuditArchX86_64, 1, 3, 0);
            longest = Math.Max(longest, steps);
            if (argumentChecked.Contains(number)) continue; // their arguments decide (the tests above)
            var expected = number == SeccompFilter.Clone3Number ? SeccompFilter.ActionErrno | SeccompFilter.ENOSYS
                : denied.Contains(number) ? Eperm
                : Allow;
            verdict.ShouldBe(expected, $"syscall {number}");
        }
        // A search, not a chain of 70 comparisons: the kernel runs the filter for all ~460 numbers on every load.
        longest.ShouldBeLessThanOrEqualTo(20);
    }

    [Fact]
    public void The_program_starts_with_the_architecture_check_and_is_small()
    {
        var program = SeccompFilter.Program;
        program[0].ShouldBe(new BpfInstruction(BpfInstruction.LoadWordAbsolute, 0, 0, SeccompFilter.ArchOffset));
        program[1].Code.ShouldBe(BpfInstruction.JumpIfEqual);
        program[1].K.ShouldBe(SeccompFilter.AuditArchX86_64);
        program.Count.ShouldBeLessThan(256);
        program[^1].Code.ShouldBe(BpfInstruction.Return);
        SeccompFilter.Bytes().Length.ShouldBe(program.Count * BpfInstruction.Size);
    }
}
