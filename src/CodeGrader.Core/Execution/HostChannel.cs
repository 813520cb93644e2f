using System.Buffers;
using CodeGrader.Protocol;

namespace CodeGrader.Core.Execution;

/// <summary>
/// The host's end of the framed channel: writes requests, reads answers, rejects garbage. Answers are read through a
/// buffer: one read takes whatever the worker has written (several pipelined answers at once when the host is behind),
/// and a frame already buffered is returned without touching the pipe.
/// </summary>
internal sealed class HostChannel(Stream toWorker, Stream fromWorker)
{
    private const int BufferSize = 64 * 1024; // the most it grows to: a frame bigger than this is read straight into its payload
    private byte[] _buffer = new byte[4096]; // grown to a frame's size when one needs more (most answers are a few hundred bytes)
    private int _start; // first unread byte in _buffer
    private int _end; // one past the last byte read into _buffer

    /// <summary>Writes one frame.</summary>
    public Task WriteAsync(FrameKind kind, ReadOnlyMemory<byte> payload, uint deadlineMs) => WriteManyAsync(kind, [payload], deadlineMs);

    /// <summary>Writes frames of one kind and deadline, all in one write to the pipe.</summary>
    public async Task WriteManyAsync(FrameKind kind, IReadOnlyList<ReadOnlyMemory<byte>> payloads, uint deadlineMs)
    {
        var total = 0;
        foreach (var payload in payloads) total += Frame.HeaderSize + payload.Length;
        var buffer = ArrayPool<byte>.Shared.Rent(total);
        try
        {
            var at = 0;
            foreach (var payload in payloads)
            {
                Frame.WriteHeader(buffer.AsSpan(at), kind, payload.Length, deadlineMs);
                payload.Span.CopyTo(buffer.AsSpan(at + Frame.HeaderSize));
                at += Frame.HeaderSize + payload.Length;
            }
            await toWorker.WriteAsync(buffer.AsMemory(0, total)).ConfigureAwait(false);
            await toWorker.FlushAsync().ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// The next frame; null at a clean end of stream. Throws <see cref="InvalidDataException"/> for garbage. Completes at
    /// once (no read) when the whole frame is already buffered.
    /// </summary>
    public ValueTask<Frame?> ReadAsync()
    {
        try
        {
            return TryTakeBuffered(out var frame) ? ValueTask.FromResult<Frame?>(frame) : new ValueTask<Frame?>(ReadSlowAsync());
        }
        catch (InvalidDataException e)
        {
            return ValueTask.FromException<Frame?>(e);
        }
    }

    private async Task<Frame?> ReadSlowAsync()
    {
        while (_end - _start < Frame.HeaderSize)
        {
            if (!await FillAsync().ConfigureAwait(false))
            {
                var got = _end - _start;
                if (got == 0) return null;
                throw new InvalidDataException($"the channel closed after {got} bytes of a frame header");
            }
        }
        var (kind, length, deadline) = Header();
        if (Frame.HeaderSize + length <= BufferSize)
        {
            if (Frame.HeaderSize + length > _buffer.Length) Grow(Frame.HeaderSize + length);
            while (_end - _start < Frame.HeaderSize + length)
            {
                if (!await FillAsync().ConfigureAwait(false))
                    throw new InvalidDataException($"the channel closed inside a {length}-byte {kind} frame");
            }
            return Take(kind, length, deadline);
        }
        // Bigger than the buffer: what is buffered, then the rest read straight into the payload.
        var payload = new byte[length];
        var done = _end - _start - Frame.HeaderSize;
        _buffer.AsSpan(_start + Frame.HeaderSize, done).CopyTo(payload);
        _start = _end = 0;
        while (done < length)
        {
            var n = await fromWorker.ReadAsync(payload.AsMemory(done)).ConfigureAwait(false);
            if (n == 0) throw new InvalidDataException($"the channel closed inside a {length}-byte {kind} frame");
            done += n;
        }
        return new Frame(kind, deadline, payload);
    }

    private bool TryTakeBuffered(out Frame frame)
    {
        frame = default;
        if (_end - _start < Frame.HeaderSize) return false;
        var (kind, length, deadline) = Header();
        if (_end - _start < Frame.HeaderSize + length) return false;
        frame = Take(kind, length, deadline);
        return true;
    }

    private (FrameKind Kind, int Length, uint Deadline) Header()
    {
        if (!Frame.TryReadHeader(_buffer.AsSpan(_start, Frame.HeaderSize), out var kind, out var length, out var deadline, out var problem))
            throw new InvalidDataException(problem);
        return (kind, length, deadline);
    }

    private Frame Take(FrameKind kind, int length, uint deadline)
    {
        var payload = _buffer.AsSpan(_start + Frame.HeaderSize, length).ToArray();
        _start += Frame.HeaderSize + length;
        if (_start == _end) _start = _end = 0;
        return new Frame(kind, deadline, payload);
    }

    /// <summary>A bigger buffer holding the unread bytes at its start: at least <paramref name="needed"/> bytes, at least twice the old size, at most <see cref="BufferSize"/>.</summary>
    private void Grow(int needed)
    {
        var bigger = new byte[Math.Min(BufferSize, Math.Max(needed, 2 * _buffer.Length))];
        _buffer.AsSpan(_start, _end - _start).CopyTo(bigger);
        _end -= _start;
        _start = 0;
        _buffer = bigger;
    }

    /// <summary>Reads whatever is there (at least one byte) after the unread bytes; false at end of stream.</summary>
    private async Task<bool> FillAsync()
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }
        var n = await fromWorker.ReadAsync(_buffer.AsMemory(_end)).ConfigureAwait(false);
        if (n == 0) return false;
        _end += n;
        return true;
    }
}
