using System.Text;

namespace CodeGrader.Core.Restrictions;

/// <summary>
/// Python reads identifiers in NFKC form, so <c>ｓｏｒｔｅｄ</c> and <c>𝐬𝐨𝐫𝐭𝐞𝐝</c> are the name <c>sorted</c>. The host
/// runs with invariant globalization (no ICU, so no <see cref="string.Normalize()"/>); this folds the compatibility
/// forms that can spell ASCII names: fullwidth forms, mathematical alphanumerics, Latin ligatures and the long s.
/// </summary>
internal static class IdentifierFolding
{
    public static string Fold(string name)
    {
        var ascii = true;
        foreach (var c in name) ascii &= c < 0x80;
        if (ascii) return name;
        var builder = new StringBuilder(name.Length);
        foreach (var rune in name.EnumerateRunes()) builder.Append(Fold(rune));
        return builder.ToString();
    }

    private static string Fold(Rune rune)
    {
        var value = rune.Value;
        return value switch
        {
            >= 0xFF01 and <= 0xFF5E => ((char)(value - 0xFEE0)).ToString(),
            >= 0x1D400 and <= 0x1D6A3 => Letter((value - 0x1D400) % 52),
            0x1D6A4 => "ı",
            0x1D6A5 => "ȷ",
            >= 0x1D7CE and <= 0x1D7FF => ((char)('0' + (value - 0x1D7CE) % 10)).ToString(),
            0xFB00 => "ff",
            0xFB01 => "fi",
            0xFB02 => "fl",
            0xFB03 => "ffi",
            0xFB04 => "ffl",
            0xFB05 or 0xFB06 => "st",
            0x017F => "s",
            _ => rune.ToString(),
        };
    }

    private static string Letter(int index) => ((char)(index < 26 ? 'A' + index : 'a' + index - 26)).ToString();
}
