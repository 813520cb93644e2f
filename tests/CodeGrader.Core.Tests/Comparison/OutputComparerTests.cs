using CodeGrader.Core.Comparison;

namespace CodeGrader.Core.Tests.Comparison;

/// <summary>Program output: exact, or by whitespace-separated tokens (docs/exercise-format.md, "compare").</summary>
public sealed class OutputComparerTests
{
    [Theory]
    [InlineData("sum: 6\n", "sum:  6 \n\n", true)]
    [InlineData("sum: 6\n", "sum: 6\r\n", true)]
    [InlineData("sum: 6\n", "sum:6\n", false)]
    [InlineData("sum: 6\n", "\nsum: 6\n", false)]
    [InlineData("a\tb\n", "a b", true)]
    [InlineData("1\n2\n", "1 2\n", false)]
    public void Whitespace_comparison_compares_tokens_line_by_line(string expected, string actual, bool match) =>
        OutputComparer.Compare(expected, actual, OutputComparison.Whitespace).IsMatch.ShouldBe(match);

    [Fact]
    public void Exact_comparison_counts_every_space_and_newline()
    {
        OutputComparer.Compare("6\n", "6\n", OutputComparison.Exact).IsMatch.ShouldBeTrue();
        var result = OutputComparer.Compare("6\n", "6 \n", OutputComparison.Exact);
        result.IsMatch.ShouldBeFalse();
        result.Diff.ShouldNotBeNull().ShouldContain("'6 '");
    }

    [Fact]
    public void Printing_nothing_is_said_plainly() =>
        OutputComparer.Compare("6\n", "", OutputComparison.Exact).Message.ShouldBe("the program printed nothing");

    [Fact]
    public void Python_whitespace_includes_the_separator_characters() =>
        OutputComparer.Compare("a b\n", "a\u001fb\n", OutputComparison.Whitespace).IsMatch.ShouldBeTrue();
}
