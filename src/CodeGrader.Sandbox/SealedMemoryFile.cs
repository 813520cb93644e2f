using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace CodeGrader.Sandbox;

/// <summary>
/// Immutable bytes in a sealed memfd, which a child can open by path (<c>/proc/{host pid}/fd/{n}</c>) without
/// the descriptor being inherited by anything: how the seccomp filter reaches <c>bwrap --seccomp FD</c>.
/// No file on disk to clean up or to tamper with; the seals make it read-only for good.
/// </summary>
internal sealed class SealedMemoryFile : IDisposable
{
    private readonly SafeFileHandle _handle;

    private SealedMemoryFile(SafeFileHandle handle, string path)
    {
        _handle = handle;
        Path = path;
    }

    /// <summary>A path any process of this user can open for reading while this object is alive.</summary>
    public string Path { get; }

    public static SealedMemoryFile Create(string name, ReadOnlySpan<byte> content)
    {
        var fd = SandboxNative.MemfdCreate(name, SandboxNative.MFD_CLOEXEC | SandboxNative.MFD_ALLOW_SEALING);
        if (fd < 0) throw new IOException($"memfd_create failed: {Marshal.GetLastPInvokeErrorMessage()}");
        var handle = new SafeFileHandle(fd, ownsHandle: true);
        try
        {
            RandomAccess.Write(handle, content, 0);
            const int seals = SandboxNative.F_SEAL_SEAL | SandboxNative.F_SEAL_SHRINK | SandboxNative.F_SEAL_GROW | SandboxNative.F_SEAL_WRITE;
            if (SandboxNative.Fcntl(fd, SandboxNative.F_ADD_SEALS, seals) < 0)
            {
                throw new IOException($"sealing the memfd failed: {Marshal.GetLastPInvokeErrorMessage()}");
            }
            var path = string.Create(CultureInfo.InvariantCulture, $"/proc/{Environment.ProcessId}/fd/{fd}");
            return new SealedMemoryFile(handle, path);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    public void Dispose() => _handle.Dispose();
}
