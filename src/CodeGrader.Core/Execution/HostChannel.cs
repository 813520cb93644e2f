using System.Buffers;
using CodeGrader.Protocol;

namespace CodeGrader.Core.Execution;

/// <summary>The host's end of the framed channel: writes requests, reads answers, rejects garbage.</summary>
internal sealed class HostChannel(Stream toWorker, Stream fromWorker)
{
    private readonly byte[] _header = new byte[Frame.HeaderSize];

    public async Task WriteAsync(FrameKind kind, ReadOnlyMemory<byte> payload, uint deadlineMs)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Frame.HeaderSize + payload.Length);
        try
        {
            Frame.WriteHeader(buffer, kind, payload.Length, deadlineMs);
            payload.CopyTo(buffer.AsMemory(Frame.HeaderSize));
            await toWorker.WriteAsync(buffer.AsMemory(0, Frame.HeaderSize + payload.Length)).ConfigureAwait(false);
            await toWorker.FlushAsync().ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The next frame; null at a clean end of stream. Throws <see cref="InvalidDataException"/> for garbage.</summary>
    public async Task<Frame?> ReadAsync()
    {
        var got = await ReadAtLeastAsync(_header).ConfigureAwait(false);
        if (got == 0) return null;
        if (got < Frame.HeaderSize) throw new InvalidDataException($"the channel closed after {got} bytes of a frame header");
        if (!Frame.TryReadHeader(_header, out var kind, out var length, out var deadline, out var problem))
            throw new InvalidDataException(problem);
        var payload = new byte[length];
        if (await ReadAtLeastAsync(payload).ConfigureAwait(false) < length)
            throw new InvalidDataException($"the channel closed inside a {length}-byte {kind} frame");
        return new Frame(kind, deadline, payload);
    }

    private async Task<int> ReadAtLeastAsync(Memory<byte> buffer)
    {
        var done = 0;
        while (done < buffer.Length)
        {
            var n = await fromWorker.ReadAsync(buffer[done..]).ConfigureAwait(false);
            if (n == 0) break;
            done += n;
        }
        return done;
    }
}
