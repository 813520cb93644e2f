using CodeGrader.Protocol.Native;

namespace CodeGrader.Worker.ForkServer;

/// <summary>
/// The zygote's end of its control socket to the host (a <c>SOCK_SEQPACKET</c> unix socket on descriptor 3): fork
/// requests come in with the child's descriptors attached (<c>SCM_RIGHTS</c>); answers go out, the "forked" one with
/// a pidfd of the child attached, which names exactly that process in any PID namespace (no pid to be reused).
/// </summary>
internal sealed class ControlSocket(int fd)
{
    public const int MaxDescriptors = 16;
    private readonly byte[] _buffer = new byte[4096];

    public int Fd { get; } = fd;

    /// <summary>One message and the descriptors that came with it; null at end of stream.</summary>
    /// <exception cref="IOException">The socket failed.</exception>
    /// <exception cref="InvalidDataException">A request carried more descriptors than a zygote takes.</exception>
    public (byte[] Message, int[] Descriptors)? Receive() =>
        SeqPacket.Receive(Fd, _buffer, MaxDescriptors) is { } received ? (_buffer[..received.Length], received.Descriptors) : null;

    /// <summary>Sends one message, with <paramref name="descriptor"/> attached when given.</summary>
    public void Send(ReadOnlySpan<byte> message, int? descriptor = null) =>
        SeqPacket.Send(Fd, message, descriptor is { } d ? [d] : []);
}
