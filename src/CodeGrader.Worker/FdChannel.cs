using System.Runtime.InteropServices;
using CodeGrader.Protocol;

namespace CodeGrader.Worker;

/// <summary>The framed channel to the host, on two inherited descriptors that are not stdin or stdout.</summary>
internal sealed unsafe class FdChannel(int input, int output)
{
    private readonly byte[] _header = new byte[Frame.HeaderSize];

    /// <summary>The next request, or null at end of stream (the host is done with this worker).</summary>
    public Frame? Read()
    {
        if (!ReadExactly(_header)) return null;
        if (!Frame.TryReadHeader(_header, out var kind, out var length, out var deadline, out var problem))
            throw new InvalidDataException(problem);
        var payload = new byte[length];
        if (!ReadExactly(payload)) throw new EndOfStreamException("the channel closed inside a frame");
        return new Frame(kind, deadline, payload);
    }

    public void Write(FrameKind kind, ReadOnlySpan<byte> payload)
    {
        Span<byte> header = stackalloc byte[Frame.HeaderSize];
        Frame.WriteHeader(header, kind, payload.Length, 0);
        WriteAll(header);
        WriteAll(payload);
    }

    private bool ReadExactly(Span<byte> buffer)
    {
        var done = 0;
        fixed (byte* start = buffer)
        {
            while (done < buffer.Length)
            {
                var n = Libc.Read(input, start + done, buffer.Length - done);
                if (n == 0)
                {
                    if (done == 0) return false;
                    throw new EndOfStreamException("the channel closed inside a frame");
                }
                if (n < 0)
                {
                    if (Marshal.GetLastPInvokeError() == Libc.EINTR) continue;
                    throw new IOException($"read from the channel failed (errno {Marshal.GetLastPInvokeError()})");
                }
                done += (int)n;
            }
        }
        return true;
    }

    private void WriteAll(ReadOnlySpan<byte> buffer)
    {
        var done = 0;
        fixed (byte* start = buffer)
        {
            while (done < buffer.Length)
            {
                var n = Libc.Write(output, start + done, buffer.Length - done);
                if (n < 0)
                {
                    if (Marshal.GetLastPInvokeError() == Libc.EINTR) continue;
                    throw new IOException($"write to the channel failed (errno {Marshal.GetLastPInvokeError()})");
                }
                done += (int)n;
            }
        }
    }
}
