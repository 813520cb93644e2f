namespace CodeGrader.Protocol;

/// <summary>
/// One message on the channel: a 9-byte header (payload length, u32 little-endian; kind, u8; deadline in
/// milliseconds, u32 little-endian, meaningful on requests only) followed by a UTF-8 JSON payload (one of the
/// records in Messages.cs, through <see cref="ProtocolJson"/>), or the binary harness.
/// </summary>
public readonly record struct Frame(FrameKind Kind, uint DeadlineMs, ReadOnlyMemory<byte> Payload)
{
    public const int HeaderSize = 9;

    /// <summary>The largest payload either side accepts; anything bigger is a protocol violation.</summary>
    public const int MaxPayload = 64 * 1024 * 1024;

    public static void WriteHeader(Span<byte> header, FrameKind kind, int payloadLength, uint deadlineMs)
    {
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(header, (uint)payloadLength);
        header[4] = (byte)kind;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(header[5..], deadlineMs);
    }

    /// <summary>Reads a header, rejecting impossible lengths so garbage cannot make a reader allocate gigabytes.</summary>
    public static bool TryReadHeader(ReadOnlySpan<byte> header, out FrameKind kind, out int payloadLength, out uint deadlineMs, out string? problem)
    {
        var length = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(header);
        kind = (FrameKind)header[4];
        deadlineMs = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(header[5..]);
        payloadLength = 0;
        if (!Enum.IsDefined(kind))
        {
            problem = $"unknown frame kind 0x{header[4]:x2}";
            return false;
        }
        if (length > MaxPayload)
        {
            problem = $"frame of {length} bytes exceeds the {MaxPayload}-byte limit";
            return false;
        }
        payloadLength = (int)length;
        problem = null;
        return true;
    }
}
