using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace CodeGrader.Service.Configuration;

/// <summary>A YAML configuration file as the flat keys configuration uses (<c>Database:Provider</c>,
/// <c>ForwardedHeaders:KnownProxies:0</c>): the same tree as the JSON form, written as YAML.</summary>
public static class YamlConfigurationFile
{
    public static bool Handles(string path) =>
        path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase);

    public static Dictionary<string, string?> Read(string path)
    {
        var stream = new YamlStream();
        try
        {
            using var reader = new StreamReader(path);
            stream.Load(reader);
        }
        catch (YamlException e)
        {
            throw new ServiceConfigurationException($"The configuration file '{path}' is not valid YAML: line {e.Start.Line}, column {e.Start.Column}: {e.Message}", e);
        }
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (stream.Documents.Count == 0) return settings;
        if (stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new ServiceConfigurationException($"The configuration file '{path}' must hold a mapping of keys at its top.");
        Flatten(root, null, settings);
        return settings;
    }

    private static void Flatten(YamlNode node, string? prefix, Dictionary<string, string?> settings)
    {
        switch (node)
        {
            case YamlMappingNode mapping:
                foreach (var (key, value) in mapping.Children)
                    Flatten(value, prefix is null ? ((YamlScalarNode)key).Value : $"{prefix}:{((YamlScalarNode)key).Value}", settings);
                break;
            case YamlSequenceNode sequence:
                for (var i = 0; i < sequence.Children.Count; i++)
                    Flatten(sequence.Children[i], $"{prefix}:{i.ToString(CultureInfo.InvariantCulture)}", settings);
                break;
            case YamlScalarNode scalar when prefix is not null:
                settings[prefix] = scalar.Value;
                break;
        }
    }
}
