using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.RegularExpressions;
using CodeGrader.Core.Exercises.Yaml;

namespace CodeGrader.Core.Tests.TestSupport;

/// <summary>
/// Enough of JSON Schema 2020-12 to check exercise.yaml files against docs/exercise.schema.json without a schema
/// library (none restores here): type, enum, const, properties, patternProperties, additionalProperties, required,
/// items, minItems, minLength, minimum, exclusiveMinimum, pattern, allOf, anyOf, oneOf, not, if/then/else and local
/// $ref. Annotations are ignored. Instances are YAML read with the core schema.
/// </summary>
internal sealed class MiniJsonSchema(JsonElement root)
{
    public static MiniJsonSchema Load(string path) => new(JsonDocument.Parse(File.ReadAllText(path)).RootElement.Clone());

    public JsonElement Root => root;

    /// <summary>Problems with the instance, each with its JSON-pointer-like path; empty when valid.</summary>
    public List<string> Validate(object? instance)
    {
        var errors = new List<string>();
        Check(instance, root, "", errors);
        return errors;
    }

    /// <summary>A YAML value as the plain instance model: null, bool, BigInteger, double, string, list, dictionary.</summary>
    public static object? FromYaml(YamlValue? node) => node switch
    {
        null => null,
        YamlScalar scalar => YamlCoreSchema.Resolve(scalar) switch
        {
            YamlNull => null,
            YamlBool b => b.Value,
            YamlInt i => i.Value,
            YamlFloat f => f.Value,
            YamlString s => s.Value,
            _ => scalar.Text,
        },
        YamlSequence sequence => sequence.Items.Select(FromYaml).ToList(),
        YamlMapping mapping => mapping.Entries.ToDictionary(e => e.Name ?? "?", e => FromYaml(e.Value), StringComparer.Ordinal),
        _ => null,
    };

    private JsonElement Resolve(string reference)
    {
        if (!reference.StartsWith("#/", StringComparison.Ordinal)) throw new NotSupportedException(reference);
        var node = root;
        foreach (var part in reference[2..].Split('/')) node = node.GetProperty(part);
        return node;
    }

    private bool IsValid(object? instance, JsonElement schema)
    {
        var errors = new List<string>();
        Check(instance, schema, "", errors);
        return errors.Count == 0;
    }

    private void Check(object? instance, JsonElement schema, string path, List<string> errors)
    {
        if (schema.ValueKind == JsonValueKind.True) return;
        if (schema.ValueKind == JsonValueKind.False)
        {
            errors.Add($"{path}: not allowed");
            return;
        }
        foreach (var keyword in schema.EnumerateObject())
        {
            var value = keyword.Value;
            switch (keyword.Name)
            {
                case "$ref": Check(instance, Resolve(value.GetString()!), path, errors); break;
                case "type":
                    var types = value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().Select(t => t.GetString()!).ToList() : [value.GetString()!];
                    if (!types.Any(t => HasType(instance, t))) errors.Add($"{path}: expected {string.Join(" or ", types)}, got {Describe(instance)}");
                    break;
                case "enum":
                    if (!value.EnumerateArray().Any(v => EqualsJson(instance, v))) errors.Add($"{path}: {Describe(instance)} is not one of {value}");
                    break;
                case "const":
                    if (!EqualsJson(instance, value)) errors.Add($"{path}: must be {value}");
                    break;
                case "required" when instance is Dictionary<string, object?> map:
                    foreach (var name in value.EnumerateArray().Select(n => n.GetString()!))
                        if (!map.ContainsKey(name)) errors.Add($"{path}: missing '{name}'");
                    break;
                case "properties" when instance is Dictionary<string, object?> map:
                    foreach (var property in value.EnumerateObject())
                        if (map.TryGetValue(property.Name, out var child)) Check(child, property.Value, $"{path}/{property.Name}", errors);
                    break;
                case "patternProperties" when instance is Dictionary<string, object?> map:
                    foreach (var pattern in value.EnumerateObject())
                        foreach (var (key, child) in map.Where(p => Regex.IsMatch(p.Key, pattern.Name)))
                            Check(child, pattern.Value, $"{path}/{key}", errors);
                    break;
                case "additionalProperties" when instance is Dictionary<string, object?> map:
                    var declared = schema.TryGetProperty("properties", out var props) ? props.EnumerateObject().Select(p => p.Name).ToHashSet() : [];
                    var patterns = schema.TryGetProperty("patternProperties", out var pats) ? pats.EnumerateObject().Select(p => p.Name).ToList() : [];
                    foreach (var (key, child) in map)
                    {
                        if (declared.Contains(key) || patterns.Any(p => Regex.IsMatch(key, p))) continue;
                        if (value.ValueKind == JsonValueKind.False) errors.Add($"{path}: unknown key '{key}'");
                        else Check(child, value, $"{path}/{key}", errors);
                    }
                    break;
                case "items" when instance is List<object?> list:
                    for (var i = 0; i < list.Count; i++) Check(list[i], value, $"{path}/{i}", errors);
                    break;
                case "minItems" when instance is List<object?> list:
                    if (list.Count < value.GetInt32()) errors.Add($"{path}: fewer than {value} items");
                    break;
                case "minLength" when instance is string text:
                    if (text.EnumerateRunes().Count() < value.GetInt32()) errors.Add($"{path}: shorter than {value}");
                    break;
                case "pattern" when instance is string text:
                    if (!Regex.IsMatch(text, value.GetString()!)) errors.Add($"{path}: '{text}' does not match {value.GetString()}");
                    break;
                case "minimum" when Number(instance) is { } number:
                    if (number < value.GetDouble()) errors.Add($"{path}: below {value}");
                    break;
                case "exclusiveMinimum" when Number(instance) is { } number:
                    if (number <= value.GetDouble()) errors.Add($"{path}: not above {value}");
                    break;
                case "allOf":
                    foreach (var sub in value.EnumerateArray()) Check(instance, sub, path, errors);
                    break;
                case "anyOf":
                    if (!value.EnumerateArray().Any(sub => IsValid(instance, sub))) errors.Add($"{path}: matches none of anyOf");
                    break;
                case "oneOf":
                    var matching = value.EnumerateArray().Count(sub => IsValid(instance, sub));
                    if (matching != 1) errors.Add($"{path}: matches {matching} of oneOf, not exactly one");
                    break;
                case "not":
                    if (IsValid(instance, value)) errors.Add($"{path}: matches a 'not' schema");
                    break;
                case "if":
                    var branch = IsValid(instance, value) ? "then" : "else";
                    if (schema.TryGetProperty(branch, out var next)) Check(instance, next, path, errors);
                    break;
            }
        }
    }

    private static bool HasType(object? instance, string type) => type switch
    {
        "null" => instance is null,
        "boolean" => instance is bool,
        "integer" => instance is BigInteger || (instance is double d && double.IsFinite(d) && Math.Floor(d) == d),
        "number" => instance is BigInteger or double,
        "string" => instance is string,
        "array" => instance is List<object?>,
        "object" => instance is Dictionary<string, object?>,
        _ => false,
    };

    private static double? Number(object? instance) => instance switch
    {
        BigInteger i => (double)i,
        double d => d,
        _ => null,
    };

    private static bool EqualsJson(object? instance, JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => instance is string s && s == value.GetString(),
        JsonValueKind.Number => Number(instance) is { } n && n == value.GetDouble(),
        JsonValueKind.True => instance is true,
        JsonValueKind.False => instance is false,
        JsonValueKind.Null => instance is null,
        _ => false,
    };

    private static string Describe(object? instance) => instance switch
    {
        null => "null",
        string s => $"'{s}'",
        bool b => b ? "true" : "false",
        BigInteger or double => Convert.ToString(instance, CultureInfo.InvariantCulture)!,
        List<object?> => "a list",
        _ => "a mapping",
    };
}
