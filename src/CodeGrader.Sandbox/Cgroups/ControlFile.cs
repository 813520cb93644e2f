using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;

namespace CodeGrader.Sandbox.Cgroups;

/// <summary>
/// A cgroup control file read or written whole in one <c>open</c>, one <c>read</c> or <c>write</c> (more only for a
/// long read), one <c>close</c>. <see cref="File.ReadAllText(string)"/> and <see cref="File.WriteAllText(string, string?)"/>
/// add an <c>fstat</c>, an advisory <c>flock</c> and its release, an <c>ftruncate</c> and a second <c>read</c> to each
/// access, and a worker's cgroup takes some thirty accesses (arm, kill, usage, reset): host CPU per submission
/// (issue 14). Errors surface as <see cref="File"/>'s do: <see cref="UnauthorizedAccessException"/> for EACCES, EPERM
/// and EROFS, <see cref="FileNotFoundException"/> for ENOENT, <see cref="IOException"/> for the rest, each naming the file.
/// </summary>
internal static unsafe class ControlFile
{
    private const int CreateMode = 0x1B6; // 0666, less the umask, as File.WriteAllText creates files

    /// <summary>Replaces the file's content with <paramref name="value"/> (UTF-8), creating the file when it is missing.</summary>
    public static void Write(string path, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        var fd = OpenOrThrow(path, SandboxNative.O_WRONLY | SandboxNative.O_CREAT | SandboxNative.O_TRUNC | SandboxNative.O_CLOEXEC);
        try
        {
            fixed (byte* start = bytes)
            {
                var done = 0;
                while (done < bytes.Length)
                {
                    var n = SandboxNative.Write(fd, start + done, bytes.Length - done);
                    if (n < 0)
                    {
                        var errno = Marshal.GetLastPInvokeError();
                        if (errno == SandboxNative.EINTR) continue;
                        throw Error(errno, path, "write");
                    }
                    done += (int)n;
                }
            }
        }
        finally
        {
            _ = SandboxNative.Close(fd);
        }
    }

    /// <summary>
    /// The whole content, decoded as UTF-8. Read through a pooled buffer: a worker's cgroup is read about ten times, and a
    /// fresh 4 KiB array per read was most of the bytes a 1,000-submission batch allocated (45 of 166 MB).
    /// </summary>
    public static string Read(string path)
    {
        var fd = OpenOrThrow(path, SandboxNative.O_RDONLY | SandboxNative.O_CLOEXEC);
        var buffer = ArrayPool<byte>.Shared.Rent(4096);
        try
        {
            var length = 0;
            while (true)
            {
                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
                nint n;
                fixed (byte* start = buffer) n = SandboxNative.Read(fd, start + length, buffer.Length - length);
                if (n < 0)
                {
                    var errno = Marshal.GetLastPInvokeError();
                    if (errno == SandboxNative.EINTR) continue;
                    throw Error(errno, path, "read");
                }
                if (n == 0) return Encoding.UTF8.GetString(buffer, 0, length);
                length += (int)n;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            _ = SandboxNative.Close(fd);
        }
    }

    private static int OpenOrThrow(string path, int flags)
    {
        while (true)
        {
            var fd = SandboxNative.Open(path, flags, CreateMode);
            if (fd >= 0) return fd;
            var errno = Marshal.GetLastPInvokeError();
            if (errno != SandboxNative.EINTR) throw Error(errno, path, "open");
        }
    }

    private static Exception Error(int errno, string path, string call)
    {
        var message = $"Could not {call} {path}: {Marshal.PtrToStringUTF8(SandboxNative.StrError(errno))} (errno {errno}).";
        return errno switch
        {
            SandboxNative.EACCES or SandboxNative.EPERM or SandboxNative.EROFS => new UnauthorizedAccessException(message),
            SandboxNative.ENOENT => new FileNotFoundException(message, path),
            _ => new IOException(message),
        };
    }
}
