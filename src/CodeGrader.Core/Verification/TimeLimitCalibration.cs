using System.Globalization;
using CodeGrader.Core.Results;

namespace CodeGrader.Core.Verification;

/// <summary>
/// Kattis-style calibration: the suggested time limit is the slowest test of the reference (and of the accepted
/// solutions) times the multiplier 2, times the safety margin 1.5, rounded up to a tenth of a second and at least
/// <see cref="MinimumSuggestion"/>. A configured limit below the suggestion is too tight; more than
/// <see cref="LooseFactor"/> times it is needlessly loose. <paramref name="Runs"/>: how many times the slowest solution
/// was graded, the test's fastest run counting.
/// </summary>
public sealed record TimeLimitCalibration(TimeSpan Configured, TimeSpan Slowest, string SlowestTest, string SlowestSolution, int Runs = 1)
{
    public const double Multiplier = 2;
    public const double SafetyMargin = 1.5;
    public const double LooseFactor = 10;
    public static readonly TimeSpan MinimumSuggestion = TimeSpan.FromSeconds(1);

    public TimeSpan Suggested
    {
        get
        {
            var raw = Slowest.TotalSeconds * Multiplier * SafetyMargin;
            var rounded = Math.Ceiling(raw * 10) / 10;
            return TimeSpan.FromSeconds(Math.Max(rounded, MinimumSuggestion.TotalSeconds));
        }
    }

    public bool TooTight => Configured < Suggested;

    public bool TooLoose => Configured.TotalSeconds > Suggested.TotalSeconds * LooseFactor;

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"slowest test '{SlowestTest}' took {Slowest.TotalMilliseconds:0.#} ms ({SlowestSolution}{(Runs > 1 ? $", the fastest of {Runs} runs" : "")}); x{Multiplier} x{SafetyMargin} suggests " +
        $"{Exercises.LimitParser.FormatDuration(Suggested)}, configured {Exercises.LimitParser.FormatDuration(Configured)}");
}
