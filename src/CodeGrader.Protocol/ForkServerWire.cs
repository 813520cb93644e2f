using System.Buffers.Binary;
using System.Text;

namespace CodeGrader.Protocol;

/// <summary>What travels on a fork server's control socket (one message per datagram, first byte the kind).</summary>
public enum ForkServerMessageKind : byte
{
    /// <summary>Zygote to host, once: the interpreter and harness are loaded (a <see cref="ZygoteReadyMessage"/> in JSON follows).</summary>
    Ready = (byte)'R',

    /// <summary>Host to zygote: fork one child (<see cref="ForkRequest"/>, descriptors attached).</summary>
    Fork = (byte)'F',

    /// <summary>Zygote to host: the child exists; a pidfd of it is attached.</summary>
    Forked = (byte)'P',

    /// <summary>Zygote to host: the child was reaped (wait status and peak resident memory follow).</summary>
    Exited = (byte)'X',

    /// <summary>Zygote to host: the fork failed (a UTF-8 reason follows).</summary>
    Failed = (byte)'E',
}

/// <summary>
/// One fork request: its id and the child's limits. The descriptors attached, in order: stdout, stderr, the
/// channel's read end (descriptor 3 in the child), its write end (4), then <see cref="CgroupFiles"/> open
/// <c>cgroup.procs</c> files the child joins before anything else.
/// </summary>
public sealed record ForkRequest(ulong Id, long FileSizeBytes, int OpenFiles, long CpuSeconds, long DataBytes, long ScratchBytes, int CgroupFiles)
{
    public const int Size = 1 + 8 + 8 + 4 + 8 + 8 + 8 + 4;
    public const int FixedDescriptors = 4;

    public byte[] Encode()
    {
        var bytes = new byte[Size];
        bytes[0] = (byte)ForkServerMessageKind.Fork;
        var span = bytes.AsSpan(1);
        BinaryPrimitives.WriteUInt64LittleEndian(span, Id);
        BinaryPrimitives.WriteInt64LittleEndian(span[8..], FileSizeBytes);
        BinaryPrimitives.WriteInt32LittleEndian(span[16..], OpenFiles);
        BinaryPrimitives.WriteInt64LittleEndian(span[20..], CpuSeconds);
        BinaryPrimitives.WriteInt64LittleEndian(span[28..], DataBytes);
        BinaryPrimitives.WriteInt64LittleEndian(span[36..], ScratchBytes);
        BinaryPrimitives.WriteInt32LittleEndian(span[44..], CgroupFiles);
        return bytes;
    }

    public static ForkRequest Decode(ReadOnlySpan<byte> message)
    {
        if (message.Length != Size || message[0] != (byte)ForkServerMessageKind.Fork)
            throw new InvalidDataException($"a fork request is {Size} bytes starting with 'F', not {message.Length} bytes");
        var span = message[1..];
        return new ForkRequest(
            BinaryPrimitives.ReadUInt64LittleEndian(span),
            BinaryPrimitives.ReadInt64LittleEndian(span[8..]),
            BinaryPrimitives.ReadInt32LittleEndian(span[16..]),
            BinaryPrimitives.ReadInt64LittleEndian(span[20..]),
            BinaryPrimitives.ReadInt64LittleEndian(span[28..]),
            BinaryPrimitives.ReadInt64LittleEndian(span[36..]),
            BinaryPrimitives.ReadInt32LittleEndian(span[44..]));
    }
}

/// <summary>The zygote's answers on the control socket.</summary>
public static class ForkServerAnswers
{
    public static byte[] Forked(ulong id) => WithId(ForkServerMessageKind.Forked, id, 0);

    public static byte[] Exited(ulong id, int waitStatus, long maxRssBytes)
    {
        var bytes = WithId(ForkServerMessageKind.Exited, id, 12);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(9), waitStatus);
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(13), maxRssBytes);
        return bytes;
    }

    public static byte[] Failed(ulong id, string reason)
    {
        var text = Encoding.UTF8.GetBytes(reason);
        var bytes = WithId(ForkServerMessageKind.Failed, id, text.Length);
        text.CopyTo(bytes, 9);
        return bytes;
    }

    /// <summary>The request id an answer (other than Ready) is about.</summary>
    public static ulong Id(ReadOnlySpan<byte> answer) =>
        answer.Length >= 9 ? BinaryPrimitives.ReadUInt64LittleEndian(answer[1..]) : throw new InvalidDataException("a fork server answer is too short");

    public static (int WaitStatus, long MaxRssBytes) ReadExited(ReadOnlySpan<byte> answer) =>
        answer.Length == 21
            ? (BinaryPrimitives.ReadInt32LittleEndian(answer[9..]), BinaryPrimitives.ReadInt64LittleEndian(answer[13..]))
            : throw new InvalidDataException("an Exited answer is 21 bytes");

    public static string ReadFailed(ReadOnlySpan<byte> answer) => Encoding.UTF8.GetString(answer[9..]);

    private static byte[] WithId(ForkServerMessageKind kind, ulong id, int extra)
    {
        var bytes = new byte[9 + extra];
        bytes[0] = (byte)kind;
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(1), id);
        return bytes;
    }
}
