using System.Runtime.InteropServices;

namespace CodeGrader.Python.Native;

/// <summary>The dynamic loader, called directly: <c>NativeLibrary.Load</c> cannot pass <c>RTLD_GLOBAL</c>,
/// which Debian's extension modules (not linked against libpython) need to resolve their symbols.</summary>
internal static partial class LibDl
{
    public const int RtldNow = 0x2;
    public const int RtldGlobal = 0x100;

    [LibraryImport("libc.so.6", EntryPoint = "dlopen", StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint Open(string path, int flags);

    /// <summary><c>dlopen(NULL)</c>: the executable itself and what it loaded, for an interpreter linked into it.</summary>
    [LibraryImport("libc.so.6", EntryPoint = "dlopen")]
    public static partial nint OpenExecutable(nint none, int flags);

    [LibraryImport("libc.so.6", EntryPoint = "dlsym", StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint Symbol(nint handle, string name);

    [LibraryImport("libc.so.6", EntryPoint = "dlerror")]
    private static partial nint ErrorPointer();

    public static string LastError() => Marshal.PtrToStringUTF8(ErrorPointer()) ?? "unknown dlopen error";
}
