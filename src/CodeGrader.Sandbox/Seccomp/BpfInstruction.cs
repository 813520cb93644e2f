using System.Buffers.Binary;

namespace CodeGrader.Sandbox.Seccomp;

/// <summary>
/// One classic BPF instruction (<c>struct sock_filter</c>): the form the kernel's seccomp filter mode takes,
/// and what <c>bwrap --seccomp FD</c> reads, eight little-endian bytes each.
/// </summary>
internal readonly record struct BpfInstruction(ushort Code, byte JumpTrue, byte JumpFalse, uint K)
{
    /// <summary><c>BPF_LD | BPF_W | BPF_ABS</c>: load the 32-bit word at offset K of <c>struct seccomp_data</c>.</summary>
    public const ushort LoadWordAbsolute = 0x20;

    /// <summary><c>BPF_JMP | BPF_JEQ | BPF_K</c>.</summary>
    public const ushort JumpIfEqual = 0x15;

    /// <summary><c>BPF_JMP | BPF_JGE | BPF_K</c> (unsigned).</summary>
    public const ushort JumpIfGreaterOrEqual = 0x35;

    /// <summary><c>BPF_JMP | BPF_JSET | BPF_K</c>: jump when <c>A &amp; K</c> is not zero.</summary>
    public const ushort JumpIfAnyBitSet = 0x45;

    /// <summary><c>BPF_RET | BPF_K</c>: the filter's verdict is K.</summary>
    public const ushort Return = 0x06;

    public const int Size = 8;

    public static byte[] Encode(IReadOnlyList<BpfInstruction> program)
    {
        var bytes = new byte[program.Count * Size];
        for (var i = 0; i < program.Count; i++)
        {
            var span = bytes.AsSpan(i * Size, Size);
            BinaryPrimitives.WriteUInt16LittleEndian(span, program[i].Code);
            span[2] = program[i].JumpTrue;
            span[3] = program[i].JumpFalse;
            BinaryPrimitives.WriteUInt32LittleEndian(span[4..], program[i].K);
        }
        return bytes;
    }

    public static BpfInstruction[] Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length % Size != 0) throw new ArgumentException("A BPF program is a whole number of 8-byte instructions.", nameof(bytes));
        var program = new BpfInstruction[bytes.Length / Size];
        for (var i = 0; i < program.Length; i++)
        {
            var span = bytes.Slice(i * Size, Size);
            program[i] = new BpfInstruction(
                BinaryPrimitives.ReadUInt16LittleEndian(span), span[2], span[3], BinaryPrimitives.ReadUInt32LittleEndian(span[4..]));
        }
        return program;
    }
}
