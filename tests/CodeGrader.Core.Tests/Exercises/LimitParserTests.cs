using CodeGrader.Core.Exercises;

namespace CodeGrader.Core.Tests.Exercises;

public sealed class LimitParserTests
{
    [Theory]
    [InlineData("2s", 2000)]
    [InlineData("1.5s", 1500)]
    [InlineData("500ms", 500)]
    public void Durations_read_in_seconds_or_milliseconds(string text, double milliseconds)
    {
        LimitParser.TryParseDuration(text, out var duration, out _).ShouldBeTrue();
        duration.TotalMilliseconds.ShouldBe(milliseconds);
    }

    [Theory]
    [InlineData("64KiB", 64L * 1024)]
    [InlineData("128MiB", 128L * 1024 * 1024)]
    [InlineData("1GiB", 1024L * 1024 * 1024)]
    public void Sizes_read_in_binary_units(string text, long bytes)
    {
        LimitParser.TryParseSize(text, out var value, out _).ShouldBeTrue();
        value.ShouldBe(bytes);
    }

    [Theory]
    [InlineData("2")]
    [InlineData("2 s")]
    [InlineData("2S")]
    [InlineData("-1s")]
    [InlineData("2min")]
    public void Durations_in_other_forms_are_rejected(string text) => LimitParser.TryParseDuration(text, out _, out _).ShouldBeFalse();

    [Theory]
    [InlineData("128MB")]
    [InlineData("128mib")]
    [InlineData("0KiB")]
    public void Sizes_in_other_forms_are_rejected(string text) => LimitParser.TryParseSize(text, out _, out _).ShouldBeFalse();

    [Theory]
    [InlineData(2000, "2s")]
    [InlineData(1500, "1.5s")]
    [InlineData(250, "250ms")]
    public void Durations_are_written_as_exercise_yaml_writes_them(double milliseconds, string text) =>
        LimitParser.FormatDuration(TimeSpan.FromMilliseconds(milliseconds)).ShouldBe(text);
}
