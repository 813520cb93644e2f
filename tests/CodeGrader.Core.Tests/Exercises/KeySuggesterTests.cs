using CodeGrader.Core.Exercises;

namespace CodeGrader.Core.Tests.Exercises;

public sealed class KeySuggesterTests
{
    [Theory]
    [InlineData("entyr", "entry")]
    [InlineData("expcet", "expect")]
    [InlineData("refrence", "reference")]
    [InlineData("Title", "title")]
    [InlineData("expect-py", "expect_py")]
    public void A_near_miss_suggests_the_known_key(string typo, string meant) =>
        KeySuggester.Suggest(typo, ExerciseKeys.TopLevel.Concat(ExerciseKeys.FunctionTest)).ShouldBe(meant);

    [Fact]
    public void A_word_far_from_every_key_suggests_nothing() =>
        KeySuggester.Suggest("banana", ExerciseKeys.TopLevel).ShouldBeNull();

    [Fact]
    public void A_transposition_counts_as_one_edit() => KeySuggester.Distance("entyr", "entry").ShouldBe(1);
}
