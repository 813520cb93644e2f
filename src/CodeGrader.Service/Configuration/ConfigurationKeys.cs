using System.Reflection;

namespace CodeGrader.Service.Configuration;

/// <summary>
/// Refuses keys no option reads, naming them: a misspelt key is an error, not a silently ignored setting. A key is
/// known when it names a settable property of the options type (case-insensitive, as the binder matches); a property
/// whose type is an options record is a section, checked the same way; a list takes indexed children.
/// </summary>
public static class ConfigurationKeys
{
    public static void Check(IConfiguration configuration, IReadOnlyList<Type> types, IReadOnlySet<string> ignored)
    {
        foreach (var child in configuration.GetChildren())
        {
            if (ignored.Contains(child.Key)) continue;
            var property = types.SelectMany(Settable).FirstOrDefault(p => string.Equals(p.Name, child.Key, StringComparison.OrdinalIgnoreCase));
            if (property is null)
            {
                var known = types.SelectMany(Settable).Select(p => p.Name).Where(n => !ignored.Contains(n)).Order(StringComparer.Ordinal);
                throw new ServiceConfigurationException($"Unknown configuration key '{child.Path}'. Known keys{Where(child)}: {string.Join(", ", known)}.");
            }
            CheckValue(child, property.PropertyType);
        }
    }

    private static void CheckValue(IConfigurationSection section, Type type)
    {
        if (IsSection(type))
        {
            Check(section, [type], new HashSet<string>());
            return;
        }
        var children = section.GetChildren().ToList();
        if (children.Count == 0) return;
        if (IsList(type))
        {
            foreach (var item in children.Where(c => !int.TryParse(c.Key, out _)))
                throw new ServiceConfigurationException($"Configuration key '{item.Path}' is not an index: '{section.Path}' is a list.");
            return;
        }
        if (IsDictionary(type)) return;
        throw new ServiceConfigurationException($"Configuration key '{children[0].Path}' is unknown: '{section.Path}' takes a single value, not a section.");
    }

    private static IEnumerable<PropertyInfo> Settable(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod is { IsPublic: true });

    private static bool IsSection(Type type) =>
        type.IsClass && type != typeof(string) && type.Namespace?.StartsWith("CodeGrader", StringComparison.Ordinal) == true;

    private static bool IsList(Type type) =>
        type.IsArray || (type.IsGenericType && type.GetGenericTypeDefinition() is var d
            && (d == typeof(IReadOnlyList<>) || d == typeof(List<>) || d == typeof(IList<>) || d == typeof(IEnumerable<>)));

    private static bool IsDictionary(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() is var d && (d == typeof(IReadOnlyDictionary<,>) || d == typeof(Dictionary<,>) || d == typeof(IDictionary<,>));

    private static string Where(IConfigurationSection section)
    {
        var parent = section.Path.Contains(':', StringComparison.Ordinal) ? section.Path[..section.Path.LastIndexOf(':')] : null;
        return parent is null ? "" : $" in '{parent}'";
    }
}
