using System.Globalization;

namespace CodeGrader.Python;

/// <summary>A CPython version as reported by <c>Py_GetVersion()</c>.</summary>
public readonly record struct PythonVersion(int Major, int Minor, int Micro)
{
    public static readonly PythonVersion Oldest = new(3, 11, 0);

    /// <summary>Minors whose <c>PyConfig</c> layout is pinned in <see cref="Native.PyConfigLayout"/>.</summary>
    public static readonly IReadOnlyList<int> SupportedMinors = [11, 12, 13];

    public bool IsSupported => Major == 3 && SupportedMinors.Contains(Minor);

    /// <summary>Parses the leading "3.11.2" of a string such as "3.11.2 (main, ...) [GCC 12.2.0]".</summary>
    public static PythonVersion? TryParse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var head = text.Split(' ', 2)[0];
        var parts = head.Split('.');
        if (parts.Length < 2) return null;
        if (!int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var major)) return null;
        if (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var minor)) return null;
        var micro = 0;
        if (parts.Length > 2)
        {
            var digits = new string(parts[2].TakeWhile(char.IsAsciiDigit).ToArray());
            _ = int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out micro);
        }
        return new PythonVersion(major, minor, micro);
    }

    public override string ToString() => $"{Major}.{Minor}.{Micro}";
}
