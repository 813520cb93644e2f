using CodeGrader.Core.Comparison;
using CodeGrader.Core.Values;

namespace CodeGrader.Core.Tests.Comparison;

/// <summary>The default comparison: exact and type-strict, dicts and sets without order, and where values first differ.</summary>
public sealed class ValueComparerTests
{
    private static ComparisonResult Compare(PyValue expected, PyValue actual, ComparisonOptions? options = null) =>
        ValueComparer.Compare(expected, actual, options ?? ComparisonOptions.Default);

    [Fact]
    public void True_is_not_1()
    {
        var result = Compare(V.Bool(true), V.Int(1));
        result.IsMatch.ShouldBeFalse();
        result.Message.ShouldBe("expected bool True, got int 1");
    }

    [Fact]
    public void One_is_not_one_point_zero() => Compare(V.Int(1), V.Float(1.0)).Message.ShouldBe("expected int 1, got float 1.0");

    [Fact]
    public void A_tuple_is_not_a_list() => Compare(V.Tuple(V.Int(1)), V.List(V.Int(1))).Message.ShouldBe("expected tuple (1,), got list [1]");

    [Fact]
    public void A_set_is_not_a_frozenset() => Compare(V.Set(V.Int(1)), V.FrozenSet(V.Int(1))).IsMatch.ShouldBeFalse();

    [Fact]
    public void A_subclass_instance_compares_by_its_base_value()
    {
        Compare(V.List(V.Int(1)), V.Sub(V.List(V.Int(1)), "solution.MyList")).IsMatch.ShouldBeTrue();
        Compare(V.Dict((V.Str("a"), V.Int(2))), V.Sub(V.Dict((V.Str("a"), V.Int(2))), "collections.Counter")).IsMatch.ShouldBeTrue();
        Compare(V.Sub(V.Tuple(V.Int(1), V.Int(2)), "solution.Point"), V.Tuple(V.Int(1), V.Int(2))).IsMatch.ShouldBeTrue();
        Compare(V.List(V.Int(1)), V.Sub(V.List(V.Int(2)), "solution.MyList")).Message.ShouldBe("at [0]: expected 1, got 2");
    }

    [Fact]
    public void A_subclass_of_int_is_still_not_a_float_and_a_namedtuple_not_a_list()
    {
        Compare(V.Float(1.0), V.Sub(V.Int(1), "solution.MyInt")).IsMatch.ShouldBeFalse();
        Compare(V.List(V.Int(1)), V.Sub(V.Tuple(V.Int(1)), "solution.Point")).IsMatch.ShouldBeFalse();
        Compare(V.Int(1), V.Bool(true)).IsMatch.ShouldBeFalse();
    }

    [Fact]
    public void With_exact_types_a_subclass_instance_is_not_its_base_type_and_the_message_names_the_subclass()
    {
        var result = Compare(V.List(V.Int(1)), V.Sub(V.List(V.Int(1)), "solution.MyList"), new ComparisonOptions { ExactTypes = true });
        result.IsMatch.ShouldBeFalse();
        result.Message.ShouldBe("expected list [1], got solution.MyList([1]) (an instance of a subclass of list) (this test compares exact types: types: exact)");
    }

    [Fact]
    public void Dict_keys_and_set_items_that_are_subclass_instances_match_by_base_value_unless_types_are_exact()
    {
        var expected = V.Dict((V.Int(1), V.Str("x")));
        var actual = V.Dict((V.Sub(V.Int(1), "solution.MyInt"), V.Str("x")));
        Compare(expected, actual).IsMatch.ShouldBeTrue();
        Compare(V.Set(V.Int(1)), V.Set(V.Sub(V.Int(1), "solution.MyInt"))).IsMatch.ShouldBeTrue();
        Compare(expected, actual, new ComparisonOptions { ExactTypes = true }).IsMatch.ShouldBeFalse();
    }

    [Fact]
    public void A_match_through_a_subclass_gets_a_note_that_names_it()
    {
        ValueComparer.SubclassNote(V.Dict(), V.Sub(V.Dict(), "collections.Counter"))
            .ShouldBe("returned collections.Counter, a subclass of dict; compared as dict");
        ValueComparer.SubclassNote(V.List(V.Int(1), V.Int(2)), V.List(V.Int(1), V.Sub(V.Int(2), "solution.MyInt")))
            .ShouldBe("at [1]: solution.MyInt, a subclass of int; compared as int");
        ValueComparer.SubclassNote(V.Sub(V.Dict(), "collections.Counter"), V.Sub(V.Dict(), "collections.Counter")).ShouldBeNull();
    }

    [Fact]
    public void The_same_subclass_with_the_same_value_matches() =>
        Compare(V.Sub(V.Str("a"), "solution.S"), V.Sub(V.Str("a"), "solution.S")).IsMatch.ShouldBeTrue();

    [Fact]
    public void Dicts_compare_without_order()
    {
        var expected = V.Dict((V.Str("a"), V.Int(1)), (V.Str("b"), V.Int(2)));
        var actual = V.Dict((V.Str("b"), V.Int(2)), (V.Str("a"), V.Int(1)));
        Compare(expected, actual).IsMatch.ShouldBeTrue();
    }

    [Fact]
    public void Dict_keys_are_type_strict()
    {
        var result = Compare(V.Dict((V.Int(1), V.Str("x"))), V.Dict((V.Bool(true), V.Str("x"))));
        result.IsMatch.ShouldBeFalse();
        result.Message.ShouldContain("missing key 1");
        result.Message.ShouldContain("unexpected key True");
    }

    [Fact]
    public void Sets_compare_without_order_and_name_what_is_missing_and_extra()
    {
        Compare(V.Set(V.Int(1), V.Int(2)), V.Set(V.Int(2), V.Int(1))).IsMatch.ShouldBeTrue();
        var result = Compare(V.Set(V.Int(1), V.Int(2)), V.Set(V.Int(2), V.Int(3)));
        result.Message.ShouldBe("the sets differ: missing 1; unexpected 3");
    }

    [Fact]
    public void NaN_equals_NaN() => Compare(V.Float(double.NaN), V.Float(double.NaN)).IsMatch.ShouldBeTrue();

    [Fact]
    public void Negative_zero_equals_zero_as_in_python() => Compare(V.Float(0.0), V.Float(-0.0)).IsMatch.ShouldBeTrue();

    [Fact]
    public void NaN_inside_a_set_and_as_a_dict_key_matches_too()
    {
        Compare(V.Set(V.Float(double.NaN)), V.Set(V.Float(double.NaN))).IsMatch.ShouldBeTrue();
        Compare(V.Dict((V.Float(-0.0), V.Int(1))), V.Dict((V.Float(0.0), V.Int(1)))).IsMatch.ShouldBeTrue();
    }

    [Fact]
    public void The_first_differing_path_is_named()
    {
        var expected = V.List(V.Int(0), V.Int(1), V.Int(2), V.Dict((V.Str("key"), V.List(V.Int(5)))));
        var actual = V.List(V.Int(0), V.Int(1), V.Int(2), V.Dict((V.Str("key"), V.List(V.Int(6)))));
        var result = Compare(expected, actual);
        result.Path.ShouldBe("[3]['key'][0]");
        result.Message.ShouldBe("at [3]['key'][0]: expected 5, got 6");
    }

    [Fact]
    public void A_list_of_another_length_names_the_first_missing_or_extra_item()
    {
        Compare(V.List(V.Int(1), V.Int(2)), V.List(V.Int(1))).Message.ShouldBe("expected a list of 2 items, got 1 item: missing [1] = 2");
        Compare(V.List(V.Int(1)), V.List(V.Int(1), V.Int(9))).Message.ShouldBe("expected a list of 1 item, got 2 items: unexpected [1] = 9");
    }

    [Fact]
    public void A_long_string_mismatch_comes_with_a_short_diff_around_the_first_difference()
    {
        var expected = new string('a', 500) + "X" + new string('b', 500);
        var actual = new string('a', 500) + "Y" + new string('b', 500);
        var result = Compare(V.Str(expected), V.Str(actual));
        result.Message.ShouldBe("the strings differ at index 500 (expected 1001 characters, got 1001)");
        result.Diff.ShouldNotBeNull();
        result.Diff.ShouldContain("first difference at index 500");
        result.Diff.Length.ShouldBeLessThan(300);
    }

    [Fact]
    public void A_multiline_string_mismatch_shows_the_differing_line()
    {
        var result = Compare(V.Str("one\ntwo\nthree\n"), V.Str("one\ntwo\nfour\n"));
        result.Diff.ShouldNotBeNull().ShouldContain("- " + "   3 | 'three'");
        result.Diff.ShouldContain("+    3 | 'four'");
    }

    [Fact]
    public void An_iterator_never_matches_and_the_message_suggests_take()
    {
        var result = Compare(V.List(V.Int(1)), new PyOpaque("generator", true));
        result.IsMatch.ShouldBeFalse();
        result.Message.ShouldContain("take: N");
    }

    [Fact]
    public void A_value_over_the_size_limits_never_matches()
    {
        var value = new PyTooLarge("list", "more than 1000000 values");
        Compare(V.List(), value).IsMatch.ShouldBeFalse();
    }

    [Fact]
    public void Big_integers_compare_exactly()
    {
        Compare(new PyInt(System.Numerics.BigInteger.Pow(2, 100)), new PyInt(System.Numerics.BigInteger.Pow(2, 100) + 1)).IsMatch.ShouldBeFalse();
        Compare(new PyInt(System.Numerics.BigInteger.Pow(2, 100)), new PyInt(System.Numerics.BigInteger.Pow(2, 100))).IsMatch.ShouldBeTrue();
    }
}
