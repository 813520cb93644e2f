namespace CodeGrader.Sandbox.Seccomp;

/// <summary>
/// Assembles a classic BPF program with named jump targets. Jumps go forward only (as the kernel requires)
/// and classic BPF encodes their distance in one byte, so a target further than 255 instructions is an error.
/// A null target means "the next instruction".
/// </summary>
internal sealed class BpfAssembler
{
    private readonly List<(ushort Code, uint K, string? IfTrue, string? IfFalse)> _instructions = [];
    private readonly Dictionary<string, int> _labels = new(StringComparer.Ordinal);

    public int Count => _instructions.Count;

    public BpfAssembler LoadWord(uint offset) => Add(BpfInstruction.LoadWordAbsolute, offset, null, null);

    public BpfAssembler JumpIfEqual(uint value, string? ifTrue, string? ifFalse = null) =>
        Add(BpfInstruction.JumpIfEqual, value, ifTrue, ifFalse);

    public BpfAssembler JumpIfGreaterOrEqual(uint value, string? ifTrue, string? ifFalse = null) =>
        Add(BpfInstruction.JumpIfGreaterOrEqual, value, ifTrue, ifFalse);

    public BpfAssembler JumpIfAnyBitSet(uint mask, string? ifTrue, string? ifFalse = null) =>
        Add(BpfInstruction.JumpIfAnyBitSet, mask, ifTrue, ifFalse);

    public BpfAssembler Return(uint verdict) => Add(BpfInstruction.Return, verdict, null, null);

    public BpfAssembler Label(string name)
    {
        if (!_labels.TryAdd(name, _instructions.Count)) throw new InvalidOperationException($"BPF label '{name}' is defined twice.");
        return this;
    }

    public BpfInstruction[] Assemble()
    {
        var program = new BpfInstruction[_instructions.Count];
        for (var i = 0; i < program.Length; i++)
        {
            var (code, k, ifTrue, ifFalse) = _instructions[i];
            program[i] = new BpfInstruction(code, Offset(i, ifTrue), Offset(i, ifFalse), k);
        }
        if (program.Length == 0 || program[^1].Code != BpfInstruction.Return)
        {
            throw new InvalidOperationException("A BPF program must end with a return.");
        }
        return program;
    }

    private BpfAssembler Add(ushort code, uint k, string? ifTrue, string? ifFalse)
    {
        _instructions.Add((code, k, ifTrue, ifFalse));
        return this;
    }

    private byte Offset(int from, string? label)
    {
        if (label is null) return 0;
        if (!_labels.TryGetValue(label, out var target)) throw new InvalidOperationException($"BPF label '{label}' is not defined.");
        var distance = target - (from + 1);
        if (distance is < 0 or > byte.MaxValue)
        {
            throw new InvalidOperationException($"BPF jump from {from} to '{label}' ({target}) is out of range for classic BPF.");
        }
        return (byte)distance;
    }
}
