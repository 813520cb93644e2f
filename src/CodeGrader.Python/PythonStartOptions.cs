namespace CodeGrader.Python;

/// <summary>How the interpreter starts. The defaults are CodeGrader's: isolated (<c>-I</c>), no site (<c>-S</c>),
/// no bytecode written (<c>-B</c>), hash seed fixed at 0.</summary>
public sealed record PythonStartOptions
{
    public static readonly PythonStartOptions Default = new();

    public bool ImportSite { get; init; }
    public bool WriteBytecode { get; init; }

    /// <summary>Null leaves hashing randomised; a value fixes <c>PYTHONHASHSEED</c>.</summary>
    public uint? HashSeed { get; init; } = 0;
}
