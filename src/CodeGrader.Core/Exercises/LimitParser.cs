using System.Globalization;
using System.Text.RegularExpressions;

namespace CodeGrader.Core.Exercises;

/// <summary>Parses the <c>limits</c> formats: durations <c>500ms</c>, <c>2s</c>, <c>1.5s</c>; sizes <c>64KiB</c>, <c>128MiB</c>, <c>1GiB</c>.</summary>
internal static partial class LimitParser
{
    public static bool TryParseDuration(string text, out TimeSpan duration, out string? problem)
    {
        duration = default;
        var match = DurationPattern().Match(text);
        if (!match.Success)
        {
            problem = $"'{text}' is not a duration: write a number and 'ms' or 's' with no space, e.g. 500ms or 2s";
            return false;
        }
        var number = double.Parse(match.Groups[1].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
        var seconds = match.Groups[2].Value == "ms" ? number / 1000 : number;
        if (seconds <= 0)
        {
            problem = $"the time limit must be positive, not {text}";
            return false;
        }
        if (seconds > 3600)
        {
            problem = $"the time limit {text} is longer than an hour";
            return false;
        }
        duration = TimeSpan.FromSeconds(seconds);
        problem = null;
        return true;
    }

    public static bool TryParseSize(string text, out long bytes, out string? problem)
    {
        bytes = 0;
        var match = SizePattern().Match(text);
        if (!match.Success)
        {
            problem = $"'{text}' is not a size: write an integer and KiB, MiB or GiB with no space, e.g. 128MiB";
            return false;
        }
        if (!long.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number > 1L << 40)
        {
            problem = $"'{text}' is too large";
            return false;
        }
        if (number <= 0)
        {
            problem = $"the size must be positive, not {text}";
            return false;
        }
        bytes = number * match.Groups[2].Value switch { "KiB" => 1024L, "MiB" => 1024L * 1024, _ => 1024L * 1024 * 1024 };
        problem = null;
        return true;
    }

    /// <summary>Formats a duration the way exercise.yaml writes it: <c>2s</c>, <c>1.5s</c>, <c>500ms</c>.</summary>
    public static string FormatDuration(TimeSpan duration) => duration.TotalMilliseconds < 1000 || duration.TotalMilliseconds % 100 != 0
        ? string.Create(CultureInfo.InvariantCulture, $"{Math.Ceiling(duration.TotalMilliseconds):0}ms")
        : string.Create(CultureInfo.InvariantCulture, $"{duration.TotalSeconds:0.#}s");

    /// <summary>Formats a size the way exercise.yaml writes it: <c>16MiB</c>, <c>64KiB</c>, <c>1GiB</c> (the largest whole unit).</summary>
    public static string FormatSize(long bytes) =>
        bytes % (1L << 30) == 0 ? string.Create(CultureInfo.InvariantCulture, $"{bytes >> 30}GiB")
        : bytes % (1L << 20) == 0 ? string.Create(CultureInfo.InvariantCulture, $"{bytes >> 20}MiB")
        : bytes % 1024 == 0 ? string.Create(CultureInfo.InvariantCulture, $"{bytes >> 10}KiB")
        : string.Create(CultureInfo.InvariantCulture, $"{bytes} bytes");

    [GeneratedRegex(@"^([0-9]+(?:\.[0-9]+)?)(ms|s)$")]
    private static partial Regex DurationPattern();

    [GeneratedRegex(@"^([0-9]+)(KiB|MiB|GiB)$")]
    private static partial Regex SizePattern();
}
