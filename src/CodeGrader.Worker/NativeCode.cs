namespace CodeGrader.Worker;

/// <summary>The worker's own C code (<c>Native/*.c</c>), compiled and linked into the NativeAOT executable.</summary>
internal static class NativeCode
{
    /// <summary>The name its functions are imported under; the project links it directly (<c>DirectPInvoke</c>).</summary>
    public const string Library = "codegrader-native";
}
