using CodeGrader.Core.Comparison;
using CodeGrader.Python;

namespace CodeGrader.Core.Tests.Comparison;

/// <summary>raises: X passes when the exception's type or any base has that name (subclasses count).</summary>
public sealed class ExceptionMatcherTests
{
    private static PythonError Error(string type, params string[] bases) => new(type, bases, "", [], null);

    [Fact]
    public void The_exact_type_matches() => ExceptionMatcher.Matches(Error("ValueError", "Exception", "BaseException"), "ValueError").ShouldBeTrue();

    [Fact]
    public void A_subclass_of_the_expected_type_matches() =>
        ExceptionMatcher.Matches(Error("solution.AgeFormatError", "solution.AgeError", "ValueError", "Exception", "BaseException"), "ValueError").ShouldBeTrue();

    [Fact]
    public void The_submissions_own_classes_match_without_their_module_prefix() =>
        ExceptionMatcher.Matches(Error("solution.AgeFormatError", "solution.AgeError", "ValueError"), "AgeError").ShouldBeTrue();

    [Fact]
    public void A_dotted_name_must_equal_the_qualified_name()
    {
        var error = Error("json.decoder.JSONDecodeError", "ValueError", "Exception");
        ExceptionMatcher.Matches(error, "json.decoder.JSONDecodeError").ShouldBeTrue();
        ExceptionMatcher.Matches(error, "json.JSONDecodeError").ShouldBeFalse();
    }

    [Fact]
    public void A_base_class_does_not_match_a_more_specific_expectation() =>
        ExceptionMatcher.Matches(Error("ValueError", "Exception"), "UnicodeError").ShouldBeFalse();

    [Fact]
    public void Another_module_with_the_same_class_name_does_not_match() =>
        ExceptionMatcher.Matches(Error("other.AgeError", "Exception"), "AgeError").ShouldBeFalse();
}
