using System.Globalization;
using System.Numerics;

namespace CodeGrader.Core.Values;

/// <summary>
/// The size and the first and last decimal digits of an int, without writing it in decimal (which costs time
/// quadratic in its length: seconds for a million digits). The count and the first digits come from the top 64 bits
/// and the bit length, the last digits from a remainder; both are linear at most.
/// </summary>
internal static class IntDigits
{
    private const int Leading = 5;
    private const int Trailing = 3;

    /// <summary>Exactly what a power of ten close to the value needs to settle its digit count, at most this many digits.</summary>
    private const int ExactPowerLimit = 200_000;

    private const decimal Log10Of2 = 0.3010299956639811952137388947m;

    /// <summary>"1,000,000 digits" (or "about ..." when it cannot be settled cheaply), the first 5 and the last 3 digits of |value|.</summary>
    public static (string Digits, string First, string Last) Describe(BigInteger value)
    {
        var magnitude = BigInteger.Abs(value);
        var bits = (long)magnitude.GetBitLength();
        if (bits <= 256)
        {
            var text = magnitude.ToString(CultureInfo.InvariantCulture);
            return (Count(text.Length, exact: true), text[..Math.Min(Leading, text.Length)], text[Math.Max(0, text.Length - Trailing)..]);
        }
        var shift = bits - 64;
        var top = (ulong)(magnitude >> (int)shift);
        var scaled = shift * Log10Of2;
        var whole = decimal.Floor(scaled);
        var log = (double)(scaled - whole) + Math.Log10(top); // log10(magnitude) - whole, good to about 1e-14
        var exponent = Math.Floor(log);
        var fraction = log - exponent;
        var digits = (long)whole + (long)exponent + 1;
        var exact = true;
        if (fraction < 1e-12 || fraction > 1 - 1e-12)
        {
            // Next to a power of ten: only a comparison with it tells 99999... from 10000...
            var power = fraction < 0.5 ? digits - 1 : digits;
            if (power <= ExactPowerLimit)
            {
                var above = magnitude >= BigInteger.Pow(10, (int)power);
                digits = above ? power + 1 : power;
                fraction = above ? 0 : 1 - 1e-15;
            }
            else
            {
                exact = false;
            }
        }
        // The nudge keeps 18000 from showing as 17999 through rounding (the first digits are good to about 1e-10).
        var first = Math.Min(99999, Math.Floor(Math.Pow(10, fraction + Leading - 1) + 1e-6)).ToString("0", CultureInfo.InvariantCulture);
        var last = ((int)(magnitude % 1000)).ToString("000", CultureInfo.InvariantCulture);
        return (Count(digits, exact), first, last);
    }

    private static string Count(long digits, bool exact) =>
        (exact ? "" : "about ") + digits.ToString("N0", CultureInfo.InvariantCulture) + (digits == 1 ? " digit" : " digits");
}
