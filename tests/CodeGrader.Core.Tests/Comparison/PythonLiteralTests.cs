using System.Numerics;
using CodeGrader.Core.Comparison;
using CodeGrader.Core.Values;

namespace CodeGrader.Core.Tests.Comparison;

/// <summary>Values are shown as Python would show them, and a value too big to show is described by its size.</summary>
public sealed class PythonLiteralTests
{
    [Fact]
    public void An_int_of_a_hundred_thousand_digits_is_described_by_its_size_and_its_first_and_last_digits() =>
        PythonLiteral.Format(new PyInt(18 * BigInteger.Pow(10, 99_998) + 7)).ShouldBe("<an int of 100,000 digits: 18000…007>");

    [Fact]
    public void The_digit_count_is_exact_next_to_a_power_of_ten()
    {
        var power = BigInteger.Pow(10, 5000);
        PythonLiteral.Format(new PyInt(power)).ShouldBe("<an int of 5,001 digits: 10000…000>");
        PythonLiteral.Format(new PyInt(power - 1)).ShouldBe("<an int of 5,000 digits: 99999…999>");
        PythonLiteral.Format(new PyInt(-(power + 123))).ShouldBe("<a negative int of 5,001 digits: -10000…123>");
    }

    [Fact]
    public void An_int_of_a_few_hundred_digits_is_written_out()
    {
        var value = BigInteger.Pow(7, 300);
        PythonLiteral.Format(new PyInt(value)).ShouldBe(value.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void A_cut_value_says_how_big_it_is()
    {
        PythonLiteral.Format(V.List([.. V.Many(100_000, i => V.Int(i))]), 20).ShouldBe("[0, 1, 2, 3, 4, 5, 6... [a list of 100,000 items]");
        PythonLiteral.Format(V.Str(new string('a', 50_000)), 10).ShouldBe("'aaaaaaaaa... [a str of 50,000 characters]");
        PythonLiteral.Format(V.Sub(V.Dict((V.Str("k"), V.Str(new string('b', 100)))), "collections.Counter"), 20)
            .ShouldBe("collections.Counter(... [a collections.Counter of 1 item]");
    }

    [Fact]
    public void Comparing_two_big_ints_that_differ_describes_both()
    {
        var power = BigInteger.Pow(10, 99_998);
        ValueComparer.Compare(new PyInt(18 * power), new PyInt(17 * power), ComparisonOptions.Default).Message
            .ShouldBe("expected <an int of 100,000 digits: 18000…000>, got <an int of 100,000 digits: 17000…000>");
    }
}
