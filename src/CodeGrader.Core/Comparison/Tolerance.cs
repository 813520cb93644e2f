using System.Globalization;

namespace CodeGrader.Core.Comparison;

/// <summary>Float tolerance with <c>math.isclose</c>'s meaning: |a - b| &lt;= max(rel * max(|a|, |b|), abs).</summary>
public sealed record Tolerance(double Relative, double Absolute)
{
    /// <summary>math.isclose's defaults, used for a mapping's missing keys.</summary>
    public const double DefaultRelative = 1e-9;
    public const double DefaultAbsolute = 0.0;

    public static readonly Tolerance Exact = new(0, 0);

    public bool IsExact => Relative == 0 && Absolute == 0;

    /// <summary>True when the two floats match: exactly (NaN equals NaN, -0.0 equals 0.0) or within the tolerance.</summary>
    public bool Matches(double expected, double actual)
    {
        if (double.IsNaN(expected) || double.IsNaN(actual)) return double.IsNaN(expected) && double.IsNaN(actual);
        if (expected == actual) return true;
        if (double.IsInfinity(expected) || double.IsInfinity(actual)) return false;
        var difference = Math.Abs(expected - actual);
        return difference <= Math.Max(Relative * Math.Max(Math.Abs(expected), Math.Abs(actual)), Absolute);
    }

    public override string ToString() => IsExact
        ? "exact"
        : string.Create(CultureInfo.InvariantCulture, $"rel={Relative:R}, abs={Absolute:R}");
}
