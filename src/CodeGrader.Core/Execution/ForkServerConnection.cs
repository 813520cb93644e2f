using CodeGrader.Protocol.Native;
using Microsoft.Win32.SafeHandles;

namespace CodeGrader.Core.Execution;

/// <summary>
/// The host's end of a zygote's control socket (a <c>SOCK_SEQPACKET</c> unix socket pair; the other end becomes the
/// zygote's descriptor 3). Sends are serialised; one reader thread receives (it alone uses the receive buffer).
/// </summary>
internal sealed class ForkServerConnection : IDisposable
{
    private const int MaxReceivedDescriptors = 4;
    private readonly Lock _sending = new();

    /// <summary>The one reader thread's buffer, reused for every message (the zygote's answers are a few bytes).</summary>
    private readonly byte[] _received = new byte[64 * 1024];
    private int _fd;

    private ForkServerConnection(int fd, SafeFileHandle zygoteEnd)
    {
        _fd = fd;
        ZygoteEnd = zygoteEnd;
    }

    /// <summary>The zygote's end, to be placed on its descriptor 3 and then closed here.</summary>
    public SafeFileHandle ZygoteEnd { get; }

    public static ForkServerConnection Create()
    {
        try
        {
            var (host, zygote) = SeqPacket.Pair();
            return new ForkServerConnection(host, new SafeFileHandle(zygote, ownsHandle: true));
        }
        catch (IOException e)
        {
            throw new WorkerStartException($"Could not create the fork server's socket: {e.Message}.", e);
        }
    }

    /// <summary>Sends one message with <paramref name="descriptors"/> attached (duplicated into the zygote by the kernel).</summary>
    /// <exception cref="IOException">The zygote's end is closed.</exception>
    public void Send(ReadOnlySpan<byte> message, ReadOnlySpan<int> descriptors)
    {
        lock (_sending) SeqPacket.Send(Volatile.Read(ref _fd), message, descriptors);
    }

    /// <summary>
    /// The next message and any descriptors attached (owned by the caller); null once the zygote is gone, or has sent
    /// what no zygote sends (more descriptors than an answer carries).
    /// </summary>
    public (byte[] Message, SafeFileHandle[] Descriptors)? Receive()
    {
        try
        {
            return SeqPacket.Receive(Volatile.Read(ref _fd), _received, MaxReceivedDescriptors) is { } received
                ? (_received[..received.Length], [.. received.Descriptors.Select(d => new SafeFileHandle(d, ownsHandle: true))])
                : null;
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            return null;
        }
    }

    /// <summary>Ends the conversation: the zygote sees end of stream and exits; a blocked <see cref="Receive"/> returns null.</summary>
    public void Shutdown() => SeqPacket.Shutdown(Volatile.Read(ref _fd));

    public void Dispose()
    {
        ZygoteEnd.Dispose();
        var fd = Interlocked.Exchange(ref _fd, -1);
        if (fd >= 0)
        {
            SeqPacket.Shutdown(fd);
            _ = SeqPacket.Close(fd);
        }
    }
}
