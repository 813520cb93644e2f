using System.Runtime.InteropServices;

namespace CodeGrader.Protocol.Native;

/// <summary>
/// Messages on a unix <c>SOCK_SEQPACKET</c> socket with descriptors attached (<c>SCM_RIGHTS</c>): the fork server's
/// control channel, spoken by the host (CodeGrader.Core) and by the zygote (the NativeAOT worker) alike. Every call
/// retries on <c>EINTR</c>; descriptors received are close-on-exec and owned by the caller.
/// </summary>
internal static unsafe partial class SeqPacket
{
    private const int AF_UNIX = 1, SOCK_SEQPACKET = 5, SOCK_CLOEXEC = 0x80000;
    private const int SOL_SOCKET = 1, SCM_RIGHTS = 1, MSG_CMSG_CLOEXEC = 0x40000000, MSG_CTRUNC = 0x8;
    private const int EINTR = 4;

    /// <summary><c>sizeof(struct cmsghdr)</c> on 64-bit Linux: length (8 bytes), level, type.</summary>
    private const int CmsgHeader = 16;

    /// <summary>A connected pair, both ends close-on-exec.</summary>
    public static (int First, int Second) Pair()
    {
        var fds = stackalloc int[2];
        if (SocketPair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, fds) != 0)
            throw new IOException($"socketpair failed: {Marshal.GetLastPInvokeErrorMessage()}");
        return (fds[0], fds[1]);
    }

    /// <summary>Sends one message with <paramref name="descriptors"/> attached (the kernel duplicates them into the receiver).</summary>
    /// <exception cref="IOException">The socket is closed or the call failed.</exception>
    public static void Send(int fd, ReadOnlySpan<byte> message, ReadOnlySpan<int> descriptors)
    {
        var controlLength = descriptors.IsEmpty ? 0 : CmsgHeader + (((descriptors.Length * 4) + 7) & ~7);
        var control = stackalloc byte[Math.Max(controlLength, 1)];
        fixed (byte* data = message)
        {
            var iov = new IoVec { Base = data, Length = (nuint)message.Length };
            var header = new MsgHdr { Iov = &iov, IovLength = 1 };
            if (!descriptors.IsEmpty)
            {
                new Span<byte>(control, controlLength).Clear();
                *(ulong*)control = (ulong)(CmsgHeader + (descriptors.Length * 4));
                *(int*)(control + 8) = SOL_SOCKET;
                *(int*)(control + 12) = SCM_RIGHTS;
                for (var i = 0; i < descriptors.Length; i++) *(int*)(control + CmsgHeader + (4 * i)) = descriptors[i];
                header.Control = control;
                header.ControlLength = (nuint)controlLength;
            }
            nint n;
            do n = SendMsg(fd, &header, 0);
            while (n < 0 && Marshal.GetLastPInvokeError() == EINTR);
            if (n < 0) throw new IOException($"sendmsg failed: {Marshal.GetLastPInvokeErrorMessage()}");
        }
    }

    /// <summary>
    /// The next message (its length in <paramref name="buffer"/>) and the descriptors attached to it; null at end of
    /// stream (no message is empty). More descriptors than <paramref name="maxDescriptors"/> is refused, those that came closed.
    /// </summary>
    /// <exception cref="IOException">The call failed.</exception>
    /// <exception cref="InvalidDataException">The message carried more descriptors than <paramref name="maxDescriptors"/>.</exception>
    public static (int Length, int[] Descriptors)? Receive(int fd, Span<byte> buffer, int maxDescriptors)
    {
        var capacity = CmsgHeader + (((maxDescriptors * 4) + 7) & ~7);
        var control = stackalloc byte[capacity];
        fixed (byte* data = buffer)
        {
            var iov = new IoVec { Base = data, Length = (nuint)buffer.Length };
            var header = new MsgHdr { Iov = &iov, IovLength = 1, Control = control, ControlLength = (nuint)capacity };
            nint n;
            do n = RecvMsg(fd, &header, MSG_CMSG_CLOEXEC);
            while (n < 0 && Marshal.GetLastPInvokeError() == EINTR);
            if (n < 0) throw new IOException($"recvmsg failed: {Marshal.GetLastPInvokeErrorMessage()}");
            var descriptors = new List<int>();
            for (var offset = 0; offset + CmsgHeader <= (int)header.ControlLength;)
            {
                var length = (int)*(ulong*)(control + offset);
                if (length < CmsgHeader) break;
                if (*(int*)(control + offset + 8) == SOL_SOCKET && *(int*)(control + offset + 12) == SCM_RIGHTS)
                {
                    for (var i = 0; i < (length - CmsgHeader) / 4; i++) descriptors.Add(*(int*)(control + offset + CmsgHeader + (4 * i)));
                }
                offset += (length + 7) & ~7;
            }
            if ((header.Flags & MSG_CTRUNC) != 0)
            {
                foreach (var d in descriptors) _ = Close(d);
                throw new InvalidDataException($"a message carried more than the {maxDescriptors} descriptors expected");
            }
            if (n == 0)
            {
                foreach (var d in descriptors) _ = Close(d);
                return null;
            }
            return ((int)n, descriptors.ToArray());
        }
    }

    /// <summary>Shuts both directions: the peer sees end of stream, and a receive blocked here returns.</summary>
    public static void Shutdown(int fd) => _ = ShutdownCall(fd, 2);

    [StructLayout(LayoutKind.Sequential)]
    private struct IoVec
    {
        public byte* Base;
        public nuint Length;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct MsgHdr
    {
        public void* Name;
        public uint NameLength;
        public IoVec* Iov;
        public nuint IovLength;
        public void* Control;
        public nuint ControlLength;
        public int Flags;
    }

    [LibraryImport("libc.so.6", EntryPoint = "socketpair", SetLastError = true)]
    private static partial int SocketPair(int domain, int type, int protocol, int* fds);

    [LibraryImport("libc.so.6", EntryPoint = "recvmsg", SetLastError = true)]
    private static partial nint RecvMsg(int fd, MsgHdr* message, int flags);

    [LibraryImport("libc.so.6", EntryPoint = "sendmsg", SetLastError = true)]
    private static partial nint SendMsg(int fd, MsgHdr* message, int flags);

    [LibraryImport("libc.so.6", EntryPoint = "shutdown", SetLastError = true)]
    private static partial int ShutdownCall(int fd, int how);

    [LibraryImport("libc.so.6", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);
}
