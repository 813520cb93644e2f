namespace CodeGrader.Sandbox.Seccomp;

/// <summary>
/// The seccomp filter every worker runs under, assembled here as classic BPF so no compiler or libseccomp is
/// needed at run time. It is a denylist in the spirit of ioi/isolate's: the namespaces, read-only mounts,
/// dropped capabilities and cgroup already confine the worker; this closes the kernel interfaces that would
/// reach across sandboxes or widen the kernel's attack surface, and that a Python solution never needs.
/// <list type="bullet">
/// <item>Any syscall of a foreign ABI (i386 through <c>int 0x80</c>, or x32 with <c>__X32_SYSCALL_BIT</c>)
/// kills the process: the rules below are written for x86-64 numbers only.</item>
/// <item><see cref="DeniedSyscalls"/> fail with <c>EPERM</c>.</item>
/// <item><c>socket</c> and <c>socketpair</c> are allowed for <c>AF_UNIX</c> only.</item>
/// <item><c>fcntl</c> refuses record locks and leases (<c>flock</c> is in the denylist).</item>
/// <item><c>clone</c> refuses namespace flags; <c>clone3</c>, whose flags sit behind a pointer the filter
/// cannot read, fails with <c>ENOSYS</c> so glibc falls back to <c>clone</c>.</item>
/// <item><c>ioctl</c> refuses <c>TIOCSTI</c> and <c>TIOCLINUX</c> (typing into a terminal).</item>
/// </list>
/// A denylist cannot know syscalls added after it was written: the namespaces and the absence of
/// capabilities remain the real boundary.
/// </summary>
internal static class SeccompFilter
{
    /// <summary><c>AUDIT_ARCH_X86_64</c>: <c>EM_X86_64 | __AUDIT_ARCH_64BIT | __AUDIT_ARCH_LE</c>.</summary>
    public const uint AuditArchX86_64 = 0xC000003E;

    /// <summary><c>__X32_SYSCALL_BIT</c>: x32 syscalls carry it in their number.</summary>
    public const uint X32SyscallBit = 0x40000000;

    public const uint ActionKillProcess = 0x80000000;
    public const uint ActionAllow = 0x7FFF0000;
    public const uint ActionErrno = 0x00050000;
    public const int EPERM = 1;
    public const int ENOSYS = 38;

    // Offsets into struct seccomp_data { int nr; __u32 arch; __u64 instruction_pointer; __u64 args[6]; }.
    // Arguments are read by their low 32 bits (little-endian), which is what the kernel reads for int and
    // unsigned int arguments, and where every flag tested below lives.
    public const uint NumberOffset = 0;
    public const uint ArchOffset = 4;
    public static uint ArgumentOffset(int index) => 16 + (8 * (uint)index);

    public const uint AF_UNIX = 1;

    /// <summary>Record locks and leases: cross-sandbox channels through the read-only files every sandbox shares.</summary>
    public static readonly IReadOnlyList<(uint Command, string Name)> DeniedFcntlCommands =
    [
        (6, "F_SETLK"), (7, "F_SETLKW"), (37, "F_OFD_SETLK"), (38, "F_OFD_SETLKW"), (1024, "F_SETLEASE"),
    ];

    /// <summary><c>CLONE_NEWNS | NEWCGROUP | NEWUTS | NEWIPC | NEWUSER | NEWPID | NEWNET</c>.</summary>
    public const uint CloneNamespaceFlags = 0x00020000 | 0x02000000 | 0x04000000 | 0x08000000 | 0x10000000 | 0x20000000 | 0x40000000;

    public static readonly IReadOnlyList<(uint Request, string Name)> DeniedIoctls = [(0x5412, "TIOCSTI"), (0x541C, "TIOCLINUX")];

    /// <summary>Syscalls that always fail with <c>EPERM</c>, with x86-64 numbers and why.</summary>
    public static readonly IReadOnlyList<DeniedSyscall> DeniedSyscalls =
    [
        new(250, "keyctl", "kernel keyrings are shared across sandboxes of one user (isolate)"),
        new(248, "add_key", "kernel keyrings"),
        new(249, "request_key", "kernel keyrings"),
        new(425, "io_uring_setup", "io_uring: large kernel attack surface, and it bypasses seccomp for the operations it performs"),
        new(426, "io_uring_enter", "io_uring"),
        new(427, "io_uring_register", "io_uring"),
        new(73, "flock", "file locks on shared read-only files are a cross-sandbox channel"),
        new(101, "ptrace", "no debugging of other processes, including the sandbox's init"),
        new(310, "process_vm_readv", "reads another process's memory"),
        new(311, "process_vm_writev", "writes another process's memory"),
        new(312, "kcmp", "compares kernel objects of other processes"),
        new(438, "pidfd_getfd", "steals another process's descriptors"),
        new(440, "process_madvise", "acts on another process's memory"),
        new(165, "mount", "the mount layout is fixed by bubblewrap"),
        new(166, "umount2", "would uncover what the sandbox hides"),
        new(155, "pivot_root", "mount layout"),
        new(161, "chroot", "mount layout"),
        new(428, "open_tree", "new mount API"),
        new(429, "move_mount", "new mount API"),
        new(430, "fsopen", "new mount API"),
        new(431, "fsconfig", "new mount API"),
        new(432, "fsmount", "new mount API"),
        new(433, "fspick", "new mount API"),
        new(442, "mount_setattr", "new mount API"),
        new(467, "open_tree_attr", "new mount API"),
        new(272, "unshare", "no new namespaces (user namespaces give back capabilities)"),
        new(308, "setns", "no joining other namespaces"),
        new(321, "bpf", "eBPF programs and maps"),
        new(298, "perf_event_open", "performance counters: side channels and kernel attack surface"),
        new(323, "userfaultfd", "a classic tool for winning kernel races"),
        new(135, "personality", "e.g. READ_IMPLIES_EXEC or turning off address randomisation"),
        new(246, "kexec_load", "replaces the kernel"),
        new(320, "kexec_file_load", "replaces the kernel"),
        new(175, "init_module", "kernel modules"),
        new(313, "finit_module", "kernel modules"),
        new(176, "delete_module", "kernel modules"),
        new(169, "reboot", "the machine"),
        new(167, "swapon", "the machine"),
        new(168, "swapoff", "the machine"),
        new(163, "acct", "the machine"),
        new(179, "quotactl", "the machine"),
        new(443, "quotactl_fd", "the machine"),
        new(164, "settimeofday", "the clock is the host's"),
        new(227, "clock_settime", "the clock is the host's"),
        new(305, "clock_adjtime", "the clock is the host's"),
        new(159, "adjtimex", "the clock is the host's"),
        new(304, "open_by_handle_at", "opens files by handle, around the mount namespace (the 'shocker' escape)"),
        new(303, "name_to_handle_at", "pairs with open_by_handle_at"),
        new(300, "fanotify_init", "watches file access system-wide"),
        new(103, "syslog", "the kernel log"),
        new(212, "lookup_dcookie", "kernel profiling"),
        new(134, "uselib", "obsolete"),
        new(153, "vhangup", "terminals"),
        new(172, "iopl", "hardware I/O ports"),
        new(173, "ioperm", "hardware I/O ports"),
        new(154, "modify_ldt", "obsolete 16-bit segments; past kernel bugs"),
        new(156, "_sysctl", "obsolete"),
        new(136, "ustat", "obsolete"),
        new(139, "sysfs", "obsolete"),
        new(180, "nfsservctl", "obsolete"),
        new(174, "create_module", "obsolete"),
        new(177, "get_kernel_syms", "obsolete"),
        new(178, "query_module", "obsolete"),
        new(447, "memfd_secret", "memory hidden from the kernel's own checks"),
    ];

    public const uint SocketNumber = 41;
    public const uint SocketPairNumber = 53;
    public const uint FcntlNumber = 72;
    public const uint CloneNumber = 56;
    public const uint Clone3Number = 435;
    public const uint IoctlNumber = 16;

    private static readonly Lazy<BpfInstruction[]> s_program = new(Assemble);

    /// <summary>The assembled program; the same for every worker.</summary>
    public static IReadOnlyList<BpfInstruction> Program => s_program.Value;

    /// <summary>The program as <c>bwrap --seccomp</c> reads it.</summary>
    public static byte[] Bytes() => BpfInstruction.Encode(s_program.Value);

    private static BpfInstruction[] Assemble()
    {
        const string Allow = "allow", Deny = "deny", NoSys = "enosys", Kill = "kill";
        const string Socket = "socket", Fcntl = "fcntl", Clone = "clone", Ioctl = "ioctl";
        var asm = new BpfAssembler()
            .LoadWord(ArchOffset)
            .JumpIfEqual(AuditArchX86_64, null, Kill)
            .LoadWord(NumberOffset)
            .JumpIfGreaterOrEqual(X32SyscallBit, Kill);
        (uint Number, string Target)[] special =
        [
            (SocketNumber, Socket), (SocketPairNumber, Socket), (FcntlNumber, Fcntl), (CloneNumber, Clone),
            (IoctlNumber, Ioctl), (Clone3Number, NoSys), .. DeniedSyscalls.Select(denied => (denied.Number, Deny)),
        ];
        Array.Sort(special, (a, b) => a.Number.CompareTo(b.Number));
        var node = 0;
        EmitSearch(asm, special, ref node);

        asm.Label(Socket).LoadWord(ArgumentOffset(0)).JumpIfEqual(AF_UNIX, Allow, Deny);

        asm.Label(Fcntl).LoadWord(ArgumentOffset(1));
        foreach (var (command, _) in DeniedFcntlCommands) asm.JumpIfEqual(command, Deny);
        asm.Return(ActionAllow);

        asm.Label(Clone).LoadWord(ArgumentOffset(0)).JumpIfAnyBitSet(CloneNamespaceFlags, Deny, Allow);

        asm.Label(Ioctl).LoadWord(ArgumentOffset(1));
        foreach (var (request, _) in DeniedIoctls) asm.JumpIfEqual(request, Deny);

        asm.Label(Allow).Return(ActionAllow);
        asm.Label(Deny).Return(ActionErrno | EPERM);
        asm.Label(NoSys).Return(ActionErrno | ENOSYS);
        asm.Label(Kill).Return(ActionKillProcess);
        return asm.Assemble();
    }

    /// <summary>Most syscalls a leaf of the search compares one by one before it allows the rest.</summary>
    public const int SearchLeafSize = 8;

    /// <summary>
    /// Emits a binary search over the syscall numbers that need more than "allow" (sorted), each leaf a short
    /// chain of comparisons ending in allow. The kernel runs the filter for every syscall whose verdict it has
    /// not cached, and to build that cache it runs it once for each of the ~460 syscall numbers when a worker
    /// loads it: a chain of 70 comparisons made each load about 110 us, a search about 50 us.
    /// </summary>
    private static void EmitSearch(BpfAssembler asm, ReadOnlySpan<(uint Number, string Target)> numbers, ref int node)
    {
        if (numbers.Length <= SearchLeafSize)
        {
            foreach (var (number, target) in numbers) asm.JumpIfEqual(number, target);
            asm.Return(ActionAllow);
            return;
        }
        var middle = numbers.Length / 2;
        var upper = $"search-{node++}";
        asm.JumpIfGreaterOrEqual(numbers[middle].Number, upper);
        EmitSearch(asm, numbers[..middle], ref node);
        asm.Label(upper);
        EmitSearch(asm, numbers[middle..], ref node);
    }
}
