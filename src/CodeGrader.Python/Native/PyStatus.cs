using System.Runtime.InteropServices;

namespace CodeGrader.Python.Native;

/// <summary>CPython's <c>PyStatus</c> (32 bytes, returned by value): <c>_type</c> 0 ok, 1 error, 2 exit.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PyStatus
{
    public int Type;
    public nint Func;
    public nint ErrMsg;
    public int ExitCode;

    public readonly bool IsOk => Type == 0;

    public readonly string Describe()
    {
        var func = Marshal.PtrToStringUTF8(Func);
        var message = Marshal.PtrToStringUTF8(ErrMsg) ?? "unknown error";
        return Type == 2 ? $"Python asked to exit with status {ExitCode}" : func is null ? message : $"{func}: {message}";
    }
}
