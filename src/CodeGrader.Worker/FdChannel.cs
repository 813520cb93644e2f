using System.Runtime.InteropServices;
using CodeGrader.Protocol;

namespace CodeGrader.Worker;

/// <summary>
/// The framed channel to the host, on two inherited descriptors that are not stdin or stdout. A request is read exactly
/// (header, then payload), never ahead: what the host has pipelined stays in the channel until its turn. An answer
/// leaves in one write, header and payload together, so the host never wakes for a header alone.
/// </summary>
internal sealed unsafe class FdChannel(int input, int output)
{
    private readonly byte[] _header = new byte[Frame.HeaderSize];
    private byte[] _out = new byte[4 * 1024];

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
        var size = Frame.HeaderSize + payload.Length;
        // The buffer grows to the largest answer up to 1 MiB; a bigger one gets a buffer of its own.
        var buffer = size <= _out.Length ? _out : size <= 1 << 20 ? _out = new byte[size] : new byte[size];
        Frame.WriteHeader(buffer, kind, payload.Length, 0);
        payload.CopyTo(buffer.AsSpan(Frame.HeaderSize));
        WriteAll(buffer.AsSpan(0, size));
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
