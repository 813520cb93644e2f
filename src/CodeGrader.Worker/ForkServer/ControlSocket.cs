using System.Runtime.InteropServices;

namespace CodeGrader.Worker.ForkServer;

/// <summary>
/// The zygote's end of its control socket to the host (a <c>SOCK_SEQPACKET</c> unix socket on descriptor 3): fork
/// requests come in with the child's descriptors attached (<c>SCM_RIGHTS</c>); answers go out, the "forked" one with
/// a pidfd of the child attached, which names exactly that process in any PID namespace (no pid to be reused).
/// </summary>
internal sealed unsafe partial class ControlSocket(int fd)
{
    public const int MaxDescriptors = 16;
    private const int SOL_SOCKET = 1, SCM_RIGHTS = 1, MSG_CMSG_CLOEXEC = 0x40000000;
    private const int CmsgHeader = 16;

    public int Fd { get; } = fd;

    /// <summary>One message and the descriptors that came with it; null at end of stream.</summary>
    public (byte[] Message, int[] Descriptors)? Receive()
    {
        var buffer = new byte[4096];
        var control = stackalloc byte[CmsgHeader + MaxDescriptors * 4 + 64];
        var controlLength = CmsgHeader + MaxDescriptors * 4 + 64;
        fixed (byte* data = buffer)
        {
            var iov = new IoVec { Base = data, Length = (nuint)buffer.Length };
            var header = new MsgHdr { Iov = &iov, IovLength = 1, Control = control, ControlLength = (nuint)controlLength };
            nint n;
            do n = RecvMsg(Fd, &header, MSG_CMSG_CLOEXEC);
            while (n < 0 && Marshal.GetLastPInvokeError() == Kernel.EINTR);
            if (n < 0) throw new IOException($"recvmsg on the control socket failed (errno {Marshal.GetLastPInvokeError()})");
            if (n == 0) return null;
            var descriptors = new List<int>();
            for (var offset = 0; offset + CmsgHeader <= (int)header.ControlLength;)
            {
                var length = (int)*(ulong*)(control + offset);
                var level = *(int*)(control + offset + 8);
                var type = *(int*)(control + offset + 12);
                if (length < CmsgHeader) break;
                if (level == SOL_SOCKET && type == SCM_RIGHTS)
                {
                    for (var i = 0; i < (length - CmsgHeader) / 4; i++) descriptors.Add(*(int*)(control + offset + CmsgHeader + (4 * i)));
                }
                offset += (length + 7) & ~7;
            }
            if ((header.Flags & 0x8) != 0) // MSG_CTRUNC: descriptors were lost
            {
                foreach (var d in descriptors) Kernel.Close(d);
                throw new InvalidDataException("a fork request carried more descriptors than a zygote takes");
            }
            return (buffer[..(int)n], descriptors.ToArray());
        }
    }

    /// <summary>Sends one message, with <paramref name="descriptor"/> attached when given.</summary>
    public void Send(ReadOnlySpan<byte> message, int? descriptor = null)
    {
        var control = stackalloc byte[CmsgHeader + 8];
        fixed (byte* data = message)
        {
            var iov = new IoVec { Base = data, Length = (nuint)message.Length };
            var header = new MsgHdr { Iov = &iov, IovLength = 1 };
            if (descriptor is { } fd)
            {
                *(ulong*)control = CmsgHeader + 4;
                *(int*)(control + 8) = SOL_SOCKET;
                *(int*)(control + 12) = SCM_RIGHTS;
                *(int*)(control + CmsgHeader) = fd;
                header.Control = control;
                header.ControlLength = CmsgHeader + 8;
            }
            nint n;
            do n = SendMsg(Fd, &header, 0);
            while (n < 0 && Marshal.GetLastPInvokeError() == Kernel.EINTR);
            if (n < 0) throw new IOException($"sendmsg on the control socket failed (errno {Marshal.GetLastPInvokeError()})");
        }
    }

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

    [LibraryImport("libc.so.6", EntryPoint = "recvmsg", SetLastError = true)]
    private static partial nint RecvMsg(int fd, MsgHdr* message, int flags);

    [LibraryImport("libc.so.6", EntryPoint = "sendmsg", SetLastError = true)]
    private static partial nint SendMsg(int fd, MsgHdr* message, int flags);
}
