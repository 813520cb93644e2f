using System.Text;

namespace CodeGrader.Service.Judge0;

/// <summary>
/// Base64 as Judge0 does it (Ruby's <c>Base64.encode64</c> and <c>decode64</c>): encoding breaks lines every 60
/// characters, each line ending in "\n"; decoding ignores characters outside the alphabet, never fails, and stops at
/// padding.
/// </summary>
public static class Judge0Base64
{
    public static string Encode(ReadOnlySpan<byte> bytes)
    {
        var plain = Convert.ToBase64String(bytes);
        var text = new StringBuilder(plain.Length + plain.Length / 60 + 1);
        for (var i = 0; i < plain.Length; i += 60) text.Append(plain.AsSpan(i, Math.Min(60, plain.Length - i))).Append('\n');
        return text.ToString();
    }

    public static byte[] Decode(string text)
    {
        var kept = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c == '=') break;
            if (c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '+' or '/') kept.Append(c);
        }
        // A lone trailing character carries no whole byte: Ruby drops it.
        if (kept.Length % 4 == 1) kept.Length--;
        while (kept.Length % 4 != 0) kept.Append('=');
        return Convert.FromBase64String(kept.ToString());
    }
}
