using CodeGrader.Sandbox.Seccomp;

namespace CodeGrader.Sandbox.Tests.Seccomp;

/// <summary>
/// A classic BPF interpreter for the instructions the seccomp filter uses, over a <c>struct seccomp_data</c>
/// built from a syscall number, an architecture and six arguments: enough to check the filter's decisions
/// without a kernel.
/// </summary>
internal static class BpfInterpreter
{
    public static uint Run(IReadOnlyList<BpfInstruction> program, uint number, uint arch = SeccompFilter.AuditArchX86_64, params ulong[] args) =>
        Trace(program, number, arch, args).Verdict;

    /// <summary>The verdict and how many instructions the program ran to reach it.</summary>
    public static (uint Verdict, int Steps) Trace(IReadOnlyList<BpfInstruction> program, uint number, uint arch = SeccompFilter.AuditArchX86_64, params ulong[] args)
    {
        var data = new byte[64];
        BitConverter.TryWriteBytes(data.AsSpan(0), number).ShouldBeTrue();
        BitConverter.TryWriteBytes(data.AsSpan(4), arch).ShouldBeTrue();
        for (var i = 0; i < args.Length; i++) BitConverter.TryWriteBytes(data.AsSpan(16 + (8 * i)), args[i]).ShouldBeTrue();

        uint accumulator = 0;
        var pc = 0;
        for (var steps = 0; steps < 10_000; steps++)
        {
            if (pc >= program.Count) throw new InvalidOperationException($"ran off the end of the program at {pc}");
            var instruction = program[pc];
            switch (instruction.Code)
            {
                case BpfInstruction.LoadWordAbsolute:
                    if (instruction.K % 4 != 0 || instruction.K > 60) throw new InvalidOperationException($"bad load offset {instruction.K}");
                    accumulator = BitConverter.ToUInt32(data, (int)instruction.K);
                    pc++;
                    break;
                case BpfInstruction.JumpIfEqual:
                    pc += 1 + (accumulator == instruction.K ? instruction.JumpTrue : instruction.JumpFalse);
                    break;
                case BpfInstruction.JumpIfGreaterOrEqual:
                    pc += 1 + (accumulator >= instruction.K ? instruction.JumpTrue : instruction.JumpFalse);
                    break;
                case BpfInstruction.JumpIfAnyBitSet:
                    pc += 1 + ((accumulator & instruction.K) != 0 ? instruction.JumpTrue : instruction.JumpFalse);
                    break;
                case BpfInstruction.Return:
                    return (instruction.K, steps + 1);
                default:
                    throw new InvalidOperationException($"unsupported BPF opcode 0x{instruction.Code:x2} at {pc}");
            }
        }
        throw new InvalidOperationException("the program did not return");
    }
}
