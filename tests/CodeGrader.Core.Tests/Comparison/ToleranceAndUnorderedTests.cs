using CodeGrader.Core.Comparison;

namespace CodeGrader.Core.Tests.Comparison;

/// <summary>Float tolerance (math.isclose) at any depth, and unordered sequences as multisets.</summary>
public sealed class ToleranceAndUnorderedTests
{
    private static readonly ComparisonOptions Close = ComparisonOptions.Default with { Tolerance = new Tolerance(1e-6, 1e-9) };
    private static readonly ComparisonOptions Unordered = ComparisonOptions.Default with { Unordered = true };

    [Fact]
    public void Floats_within_the_tolerance_match_and_outside_do_not()
    {
        ValueComparer.Matches(V.Float(100.0), V.Float(100.00001), Close).ShouldBeTrue();
        var result = ValueComparer.Compare(V.Float(100.0), V.Float(100.01), Close);
        result.IsMatch.ShouldBeFalse();
        result.Message.ShouldContain("outside the tolerance");
    }

    [Fact]
    public void Tolerance_applies_inside_lists_tuples_and_dict_values()
    {
        var expected = V.List(V.Tuple(V.Float(1.0)), V.Dict((V.Str("k"), V.Float(2.0))));
        var actual = V.List(V.Tuple(V.Float(1.0000001)), V.Dict((V.Str("k"), V.Float(2.0000001))));
        ValueComparer.Matches(expected, actual, Close).ShouldBeTrue();
        ValueComparer.Matches(expected, actual, ComparisonOptions.Default).ShouldBeFalse();
    }

    [Fact]
    public void Tolerance_never_applies_to_set_elements_or_dict_keys()
    {
        ValueComparer.Matches(V.Set(V.Float(1.0)), V.Set(V.Float(1.0000001)), Close).ShouldBeFalse();
        ValueComparer.Matches(V.Dict((V.Float(1.0), V.Int(1))), V.Dict((V.Float(1.0000001), V.Int(1))), Close).ShouldBeFalse();
    }

    [Fact]
    public void Tolerance_never_relaxes_types() => ValueComparer.Matches(V.Float(2.0), V.Int(2), Close).ShouldBeFalse();

    [Fact]
    public void Tolerance_applies_to_both_parts_of_a_complex_number() =>
        ValueComparer.Matches(new Values.PyComplex(1, 2), new Values.PyComplex(1.0000001, 2.0000001), Close).ShouldBeTrue();

    [Fact]
    public void The_absolute_tolerance_decides_near_zero()
    {
        var absolute = ComparisonOptions.Default with { Tolerance = new Tolerance(0, 0.01) };
        ValueComparer.Matches(V.Float(0.0), V.Float(0.005), absolute).ShouldBeTrue();
        ValueComparer.Matches(V.Float(0.0), V.Float(0.02), absolute).ShouldBeFalse();
    }

    [Fact]
    public void Infinities_match_only_themselves_even_with_tolerance()
    {
        ValueComparer.Matches(V.Float(double.PositiveInfinity), V.Float(double.PositiveInfinity), Close).ShouldBeTrue();
        ValueComparer.Matches(V.Float(double.PositiveInfinity), V.Float(1e308), Close).ShouldBeFalse();
    }

    [Fact]
    public void Unordered_lists_compare_as_multisets()
    {
        ValueComparer.Matches(V.List(V.Int(1), V.Int(2), V.Int(2)), V.List(V.Int(2), V.Int(1), V.Int(2)), Unordered).ShouldBeTrue();
        ValueComparer.Matches(V.List(V.Int(1), V.Int(2), V.Int(2)), V.List(V.Int(1), V.Int(1), V.Int(2)), Unordered).ShouldBeFalse();
    }

    [Fact]
    public void Unordered_applies_at_every_depth()
    {
        var expected = V.List(V.List(V.Str("eat"), V.Str("tea")), V.List(V.Str("tan")));
        var actual = V.List(V.List(V.Str("tan")), V.List(V.Str("tea"), V.Str("eat")));
        ValueComparer.Matches(expected, actual, Unordered).ShouldBeTrue();
        ValueComparer.Matches(expected, actual, ComparisonOptions.Default).ShouldBeFalse();
    }

    [Fact]
    public void Unordered_keeps_types_and_lengths_and_strings_stay_ordered()
    {
        ValueComparer.Matches(V.List(V.Int(1), V.Int(2)), V.Tuple(V.Int(2), V.Int(1)), Unordered).ShouldBeFalse();
        ValueComparer.Matches(V.List(V.Int(1)), V.List(V.Int(1), V.Int(1)), Unordered).ShouldBeFalse();
        ValueComparer.Matches(V.Str("ab"), V.Str("ba"), Unordered).ShouldBeFalse();
    }

    [Fact]
    public void An_unordered_mismatch_names_what_was_not_found()
    {
        var result = ValueComparer.Compare(V.List(V.Int(1), V.Int(2)), V.List(V.Int(2), V.Int(3)), Unordered);
        result.Message.ShouldContain("expected but not found 1");
        result.Message.ShouldContain("found but not expected 3");
    }

    [Fact]
    public void Unordered_with_tolerance_pairs_items_under_the_tolerance()
    {
        var both = Unordered with { Tolerance = new Tolerance(1e-6, 0) };
        ValueComparer.Matches(V.List(V.Float(1.0), V.Float(2.0)), V.List(V.Float(2.0000001), V.Float(1.0000001)), both).ShouldBeTrue();
    }

    [Fact]
    public void A_large_unordered_comparison_is_decided_by_keys()
    {
        var expected = new Values.PySequence(Values.SequenceKind.List, V.Many(50_000, i => V.Tuple(V.Int(i), V.Str("x"))));
        var actual = new Values.PySequence(Values.SequenceKind.List, [.. expected.Items.Reverse()]);
        ValueComparer.Matches(expected, actual, Unordered).ShouldBeTrue();
    }
}
