using System.Globalization;

namespace CodeGrader.Bench;

/// <summary>Minimum, median and maximum of a series of durations, printed the same way every run.</summary>
internal sealed record Stats(double Min, double Median, double Max, int Count)
{
    public static Stats Of(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        var median = sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        return new Stats(sorted[0], median, sorted[^1], sorted.Length);
    }

    public string Format(string unit) => string.Create(CultureInfo.InvariantCulture,
        $"median {Median,8:0.000} {unit}  (min {Min:0.000}, max {Max:0.000}, n={Count})");
}
