namespace CodeGrader.Python.Native;

/// <summary>
/// Byte offsets inside <c>PyConfig</c>, which is not part of the stable ABI and moves between minors.
/// 3.11 was measured with <c>offsetof</c> against Debian's headers; 3.12 and 3.13 follow the published
/// headers (site_import 176, home 288 / 296, sizeof 432 / 448).
/// </summary>
internal sealed record PyConfigLayout(int Minor, int Size, int UseHashSeed, int HashSeed, int SiteImport, int WriteBytecode, int Home)
{
    /// <summary>Bytes reserved for the struct: more than any pinned layout needs.</summary>
    public const int BufferSize = 2048;

    private static readonly PyConfigLayout[] Known =
    [
        new(11, Size: 424, UseHashSeed: 20, HashSeed: 24, SiteImport: 168, WriteBytecode: 196, Home: 280),
        new(12, Size: 432, UseHashSeed: 20, HashSeed: 24, SiteImport: 176, WriteBytecode: 204, Home: 288),
        new(13, Size: 448, UseHashSeed: 20, HashSeed: 24, SiteImport: 176, WriteBytecode: 204, Home: 296),
    ];

    public static PyConfigLayout? For(PythonVersion version) =>
        version.Major == 3 ? Array.Find(Known, layout => layout.Minor == version.Minor) : null;
}
