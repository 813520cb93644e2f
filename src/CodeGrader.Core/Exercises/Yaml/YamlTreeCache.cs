using System.Security.Cryptography;
using Microsoft.Extensions.Logging;

namespace CodeGrader.Core.Exercises.Yaml;

/// <summary>
/// Parsed exercise.yaml trees kept on disk across runs (<c>DIR/yaml/</c>, beside the expected values' cache): one
/// <see cref="YamlTreeFile"/> per file content, named by the SHA-256 of the tree format, the build and the file's bytes, so
/// an edited file, or a rebuilt host, is another entry. Only a tree that parsed without problems, and without anchors (whose aliases share nodes), is
/// kept. Written to a temporary file and renamed into place (atomic; the last of several writers wins with a whole file);
/// a file that is unreadable, cut short or altered is a miss, parsed again and rewritten. Failures to write are logged,
/// never thrown: the cache only saves time.
/// </summary>
internal sealed class YamlTreeCache(string directory, ILogger logger)
{
    /// <summary>
    /// The tree format, and the build that parsed the tree: this assembly's module id and YamlDotNet's version, so a host
    /// built again (whose reader may read a file differently) never takes a tree another build kept.
    /// </summary>
    private static readonly byte[] Format = System.Text.Encoding.UTF8.GetBytes(
        $"codegrader yaml tree 1\n{typeof(YamlTreeCache).Assembly.ManifestModule.ModuleVersionId}\n{typeof(YamlDotNet.Core.Parser).Assembly.GetName().Version}\n");

    public string Directory { get; } = Path.Combine(Path.GetFullPath(directory), "yaml");

    /// <summary>The entry's name for a file with these bytes.</summary>
    public static string KeyOf(ReadOnlySpan<byte> source)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Format);
        hash.AppendData(source);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    public string PathFor(string key) => Path.Combine(Directory, key[..2], key + ".tree");

    /// <summary>The tree kept for <paramref name="key"/>, or null (none, or damaged: logged).</summary>
    public YamlValue? TryRead(string key)
    {
        var path = PathFor(key);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning("The parsed exercise.yaml kept in {Path} could not be read ({Message}); the file is parsed again", path, e.Message);
            return null;
        }
        var tree = YamlTreeFile.Read(bytes);
        if (tree is null) logger.LogWarning("The parsed exercise.yaml kept in {Path} is damaged or cut short; the file is parsed again and the entry rewritten", path);
        return tree;
    }

    /// <summary>Keeps <paramref name="root"/> for <paramref name="key"/> (a tree too deep to keep is left out).</summary>
    public void Write(string key, YamlValue root)
    {
        if (YamlTreeFile.Write(root) is not { } bytes) return;
        var path = PathFor(key);
        var temporary = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(temporary, bytes);
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning("The parsed exercise.yaml could not be kept in {Path} ({Message}); it is parsed again next time", path, e.Message);
            try
            {
                File.Delete(temporary);
            }
            catch (Exception cleanup) when (cleanup is IOException or UnauthorizedAccessException)
            {
                // Nothing more to do: a stray .tmp file is never read.
            }
        }
    }
}
