using System.Globalization;
using System.Numerics;
using System.Text.RegularExpressions;

namespace CodeGrader.Core.Exercises.Yaml;

/// <summary>What a plain scalar means under the YAML 1.2 core schema.</summary>
internal abstract record YamlScalarMeaning
{
    public abstract string Describe();
}

internal sealed record YamlNull : YamlScalarMeaning
{
    public static readonly YamlNull Instance = new();
    public override string Describe() => "null";
}

internal sealed record YamlBool(bool Value) : YamlScalarMeaning
{
    public override string Describe() => "a bool";
}

internal sealed record YamlInt(BigInteger Value) : YamlScalarMeaning
{
    public override string Describe() => "an integer";
}

internal sealed record YamlFloat(double Value) : YamlScalarMeaning
{
    public override string Describe() => "a number";
}

internal sealed record YamlString(string Value) : YamlScalarMeaning
{
    public override string Describe() => "a string";
}

/// <summary>Resolves scalars with the YAML 1.2 core schema (https://yaml.org/spec/1.2.2/#1032-tag-resolution).</summary>
internal static partial class YamlCoreSchema
{
    public static YamlScalarMeaning Resolve(YamlScalar scalar)
    {
        var text = scalar.Text;
        switch (scalar.Tag)
        {
            case "tag:yaml.org,2002:str": return new YamlString(text);
            case "tag:yaml.org,2002:null": return YamlNull.Instance;
            case "tag:yaml.org,2002:bool": return ResolvePlain(text) is YamlBool b ? b : new YamlString(text);
            case "tag:yaml.org,2002:int": return ResolvePlain(text) is YamlInt integer ? integer : new YamlString(text);
            case "tag:yaml.org,2002:float":
                return ResolvePlain(text) switch
                {
                    YamlFloat f => f,
                    YamlInt n => new YamlFloat((double)n.Value),
                    _ => new YamlString(text),
                };
        }
        return scalar.IsPlain ? ResolvePlain(text) : new YamlString(text);
    }

    private static YamlScalarMeaning ResolvePlain(string text)
    {
        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL": return YamlNull.Instance;
            case "true" or "True" or "TRUE": return new YamlBool(true);
            case "false" or "False" or "FALSE": return new YamlBool(false);
            case ".inf" or ".Inf" or ".INF" or "+.inf" or "+.Inf" or "+.INF": return new YamlFloat(double.PositiveInfinity);
            case "-.inf" or "-.Inf" or "-.INF": return new YamlFloat(double.NegativeInfinity);
            case ".nan" or ".NaN" or ".NAN": return new YamlFloat(double.NaN);
        }
        if (DecimalInt().IsMatch(text)) return new YamlInt(BigInteger.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture));
        if (text.StartsWith("0o", StringComparison.Ordinal) && OctalInt().IsMatch(text))
        {
            var value = BigInteger.Zero;
            foreach (var digit in text[2..]) value = value * 8 + (digit - '0');
            return new YamlInt(value);
        }
        if (text.StartsWith("0x", StringComparison.Ordinal) && HexInt().IsMatch(text))
            return new YamlInt(BigInteger.Parse("0" + text[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture));
        if (Float().IsMatch(text)) return new YamlFloat(double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture));
        return new YamlString(text);
    }

    [GeneratedRegex(@"^[-+]?[0-9]+$")]
    private static partial Regex DecimalInt();

    [GeneratedRegex(@"^0o[0-7]+$")]
    private static partial Regex OctalInt();

    [GeneratedRegex(@"^0x[0-9a-fA-F]+$")]
    private static partial Regex HexInt();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex Float();
}
