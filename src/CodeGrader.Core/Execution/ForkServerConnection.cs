using System.Runtime.InteropServices;
using CodeGrader.Core.Execution.Native;
using Microsoft.Win32.SafeHandles;

namespace CodeGrader.Core.Execution;

/// <summary>
/// The host's end of a zygote's control socket (a <c>SOCK_SEQPACKET</c> unix socket pair; the other end becomes the
/// zygote's descriptor 3). Sends are serialised; one reader thread receives.
/// </summary>
internal sealed unsafe class ForkServerConnection : IDisposable
{
    private const int MaxReceivedDescriptors = 4;
    private readonly Lock _sending = new();
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
        var fds = stackalloc int[2];
        if (UnixSockets.SocketPair(UnixSockets.AF_UNIX, UnixSockets.SOCK_SEQPACKET | UnixSockets.SOCK_CLOEXEC, 0, fds) != 0)
            throw new WorkerStartException($"Could not create the fork server's socket: {Marshal.GetLastPInvokeErrorMessage()}.");
        return new ForkServerConnection(fds[0], new SafeFileHandle(fds[1], ownsHandle: true));
    }

    /// <summary>Sends one message with <paramref name="descriptors"/> attached (duplicated into the zygote by the kernel).</summary>
    public void Send(ReadOnlySpan<byte> message, ReadOnlySpan<int> descriptors)
    {
        var controlLength = descriptors.IsEmpty ? 0 : UnixSockets.CmsgHeader + (((descriptors.Length * 4) + 7) & ~7);
        var control = stackalloc byte[Math.Max(controlLength, 1)];
        lock (_sending)
        {
            fixed (byte* data = message)
            {
                var iov = new UnixSockets.IoVec { Base = data, Length = (nuint)message.Length };
                var header = new UnixSockets.MsgHdr { Iov = &iov, IovLength = 1 };
                if (!descriptors.IsEmpty)
                {
                    new Span<byte>(control, controlLength).Clear();
                    *(ulong*)control = (ulong)(UnixSockets.CmsgHeader + (descriptors.Length * 4));
                    *(int*)(control + 8) = UnixSockets.SOL_SOCKET;
                    *(int*)(control + 12) = UnixSockets.SCM_RIGHTS;
                    for (var i = 0; i < descriptors.Length; i++) *(int*)(control + UnixSockets.CmsgHeader + (4 * i)) = descriptors[i];
                    header.Control = control;
                    header.ControlLength = (nuint)controlLength;
                }
                nint n;
                do n = UnixSockets.SendMsg(Volatile.Read(ref _fd), &header, 0);
                while (n < 0 && Marshal.GetLastPInvokeError() == UnixSockets.EINTR);
                if (n < 0) throw new IOException($"the fork server's socket is closed ({Marshal.GetLastPInvokeErrorMessage()})");
            }
        }
    }

    /// <summary>The next message and any descriptors attached (owned by the caller); null once the zygote is gone.</summary>
    public (byte[] Message, SafeFileHandle[] Descriptors)? Receive()
    {
        var buffer = new byte[64 * 1024];
        const int ControlLength = UnixSockets.CmsgHeader + (MaxReceivedDescriptors * 4);
        var control = stackalloc byte[ControlLength];
        fixed (byte* data = buffer)
        {
            var iov = new UnixSockets.IoVec { Base = data, Length = (nuint)buffer.Length };
            var header = new UnixSockets.MsgHdr { Iov = &iov, IovLength = 1, Control = control, ControlLength = ControlLength };
            nint n;
            do n = UnixSockets.RecvMsg(Volatile.Read(ref _fd), &header, UnixSockets.MSG_CMSG_CLOEXEC);
            while (n < 0 && Marshal.GetLastPInvokeError() == UnixSockets.EINTR);
            if (n <= 0) return null;
            var descriptors = new List<SafeFileHandle>();
            if (header.ControlLength >= UnixSockets.CmsgHeader && *(int*)(control + 8) == UnixSockets.SOL_SOCKET && *(int*)(control + 12) == UnixSockets.SCM_RIGHTS)
            {
                var count = ((int)*(ulong*)control - UnixSockets.CmsgHeader) / 4;
                for (var i = 0; i < count; i++) descriptors.Add(new SafeFileHandle(*(int*)(control + UnixSockets.CmsgHeader + (4 * i)), ownsHandle: true));
            }
            return (buffer[..(int)n], descriptors.ToArray());
        }
    }

    /// <summary>Ends the conversation: the zygote sees end of stream and exits; a blocked <see cref="Receive"/> returns null.</summary>
    public void Shutdown() => _ = UnixSockets.Shutdown(Volatile.Read(ref _fd), 2);

    public void Dispose()
    {
        ZygoteEnd.Dispose();
        var fd = Interlocked.Exchange(ref _fd, -1);
        if (fd >= 0)
        {
            _ = UnixSockets.Shutdown(fd, 2);
            _ = UnixSockets.Close(fd);
        }
    }
}
