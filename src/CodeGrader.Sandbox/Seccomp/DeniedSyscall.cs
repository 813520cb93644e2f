namespace CodeGrader.Sandbox.Seccomp;

/// <summary>A syscall the filter refuses with <c>EPERM</c>.</summary>
internal sealed record DeniedSyscall(uint Number, string Name, string Reason);
