using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using CodeGrader.Protocol;

namespace CodeGrader.Core.Execution;

/// <summary>
/// A test's call when it is a plain name called with literal arguments (<c>f([1, 2], 'a', key=None)</c>), read into
/// plain JSON values (<see cref="ApplyMessage"/>): the worker calls the name with them as they are decoded, instead of
/// compiling the call's text for every test (docs/protocol.md). Only literals that JSON gives back exactly are read:
/// <c>None</c>, <c>True</c>, <c>False</c>, decimal ints, floats, single-quoted or double-quoted strings with the usual
/// escapes, lists, and dicts with distinct string keys, each number optionally negated. Anything else (a tuple, a set,
/// bytes, a prefixed or triple-quoted or concatenated string, <c>\N{...}</c>, a name, an operator, a comment, a line
/// continuation) gives null, and the call is compiled as before: the fast path never changes what a call means.
/// </summary>
internal static class LiteralCall
{
    /// <summary>Nesting deeper than this is left to the compiler.</summary>
    public const int MaxDepth = 64;

    /// <summary>Longer ints are left to the compiler (CPython limits int(str), which JSON decoding uses, to 4,300 digits).</summary>
    public const int MaxIntDigits = 4000;

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = false };

    private static readonly HashSet<string> Keywords =
    [
        "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del", "elif",
        "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal", "not", "or",
        "pass", "raise", "return", "try", "while", "with", "yield",
    ];

    /// <summary>
    /// The call as a name and plain JSON arguments, or null when it is not exactly that. A call read here compiles, and
    /// calls that name: preparation does not compile it again (a NUL anywhere, which the compiler refuses, is left to it).
    /// </summary>
    public static ApplyMessage? TryParse(string call)
    {
        if (call.Contains('\0', StringComparison.Ordinal)) return null;
        var buffers = t_buffers ?? new Buffers();
        t_buffers = null; // taken: a call that throws leaves nothing half-written for the next
        var name = new Parser(call, buffers.Args, buffers.Kwargs).ParseCall(out var anyKeyword);
        ApplyMessage? message = null;
        if (name is not null)
        {
            buffers.Args.Flush();
            buffers.Kwargs.Flush();
            message = new ApplyMessage(name, Element(buffers.ArgsBytes.WrittenSpan), anyKeyword ? Element(buffers.KwargsBytes.WrittenSpan) : null);
        }
        if (buffers.TryReset()) t_buffers = buffers;
        else buffers.Dispose();
        return message;
    }

    /// <summary>
    /// This thread's JSON writers and their buffers, kept from one call to the next: a HumanEval+ batch reads ~124,000
    /// calls, and fresh ones for each were ~130 MB of its host's 1.8 GB of allocations. <see cref="Element"/> copies what
    /// it reads out of them.
    /// </summary>
    [ThreadStatic]
    private static Buffers? t_buffers;

    private sealed class Buffers : IDisposable
    {
        /// <summary>Buffers grown past this by a big call are dropped rather than kept for the thread's life.</summary>
        private const int KeptCapacity = 64 * 1024;

        public readonly ArrayBufferWriter<byte> ArgsBytes = new(256);
        public readonly ArrayBufferWriter<byte> KwargsBytes = new(64);
        public readonly Utf8JsonWriter Args;
        public readonly Utf8JsonWriter Kwargs;

        public Buffers()
        {
            Args = new Utf8JsonWriter(ArgsBytes, WriterOptions);
            Kwargs = new Utf8JsonWriter(KwargsBytes, WriterOptions);
        }

        /// <summary>Empties both for the next call; false when a big call grew them (then they are not kept).</summary>
        public bool TryReset()
        {
            if (ArgsBytes.Capacity > KeptCapacity || KwargsBytes.Capacity > KeptCapacity) return false;
            ArgsBytes.ResetWrittenCount();
            KwargsBytes.ResetWrittenCount();
            Args.Reset(ArgsBytes);
            Kwargs.Reset(KwargsBytes);
            return true;
        }

        public void Dispose()
        {
            Args.Dispose();
            Kwargs.Dispose();
        }
    }

    private static JsonElement Element(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = MaxDepth + 2 });
        return JsonElement.ParseValue(ref reader);
    }

    /// <summary>Reads one call; every method returns false (or null) at the first thing it does not read exactly.</summary>
    private sealed class Parser(string text, Utf8JsonWriter args, Utf8JsonWriter kwargs)
    {
        private int _at;
        private int _depth;

        public string? ParseCall(out bool anyKeyword)
        {
            anyKeyword = false;
            SkipSpace();
            if (Identifier() is not { } name || Keywords.Contains(name)) return null;
            SkipSpace();
            if (!Take('(')) return null;
            args.WriteStartArray();
            kwargs.WriteStartObject();
            var keywords = new HashSet<string>(StringComparer.Ordinal);
            var read = Items(')', () =>
            {
                var mark = _at;
                if (Identifier() is { } keyword && !Keywords.Contains(keyword) && SkipSpace() && Peek() == '=' && Peek(1) != '=')
                {
                    _at++;
                    if (!keywords.Add(keyword)) return false;
                    kwargs.WritePropertyName(keyword);
                    SkipSpace();
                    return Value(kwargs);
                }
                _at = mark;
                return keywords.Count == 0 && Value(args); // a positional argument after a keyword one is a SyntaxError
            });
            if (!read) return null;
            args.WriteEndArray();
            kwargs.WriteEndObject();
            SkipSpace();
            if (_at != text.Length) return null;
            anyKeyword = keywords.Count > 0;
            return name;
        }

        private bool Value(Utf8JsonWriter writer)
        {
            var c = Peek();
            if (c is '[') return List(writer);
            if (c is '{') return Dict(writer);
            if (c is '\'' or '"')
            {
                if (String() is not { } value) return false;
                writer.WriteStringValue(value);
                return true;
            }
            if (c is '-')
            {
                _at++;
                SkipSpace();
                return Number(writer, negative: true);
            }
            if (c is >= '0' and <= '9' or '.') return Number(writer, negative: false);
            switch (Identifier())
            {
                case "None": writer.WriteNullValue(); return true;
                case "True": writer.WriteBooleanValue(true); return true;
                case "False": writer.WriteBooleanValue(false); return true;
                default: return false;
            }
        }

        private bool List(Utf8JsonWriter writer)
        {
            if (++_depth > MaxDepth) return false;
            _at++;
            writer.WriteStartArray();
            if (!Items(']', () => Value(writer))) return false;
            writer.WriteEndArray();
            _depth--;
            return true;
        }

        private bool Dict(Utf8JsonWriter writer)
        {
            if (++_depth > MaxDepth) return false;
            _at++;
            writer.WriteStartObject();
            var keys = new HashSet<string>(StringComparer.Ordinal);
            var read = Items('}', () =>
            {
                if (Peek() is not ('\'' or '"') || String() is not { } key || !keys.Add(key)) return false;
                SkipSpace();
                if (!Take(':')) return false;
                SkipSpace();
                writer.WritePropertyName(key);
                return Value(writer);
            });
            if (!read) return false;
            writer.WriteEndObject();
            _depth--;
            return true;
        }

        /// <summary>Items separated by commas (a trailing one allowed) up to and past <paramref name="close"/>.</summary>
        private bool Items(char close, Func<bool> item)
        {
            while (true)
            {
                SkipSpace();
                if (Take(close)) return true;
                if (!item()) return false;
                SkipSpace();
                if (Take(',')) continue;
                return Take(close);
            }
        }

        /// <summary>A decimal int or a float, written as a JSON number of the same value (leading zeros of a float dropped, "1." as "1.0").</summary>
        private bool Number(Utf8JsonWriter writer, bool negative)
        {
            var start = _at;
            while (IsDigit(Peek())) _at++;
            var whole = text.AsSpan(start, _at - start);
            var isFloat = false;
            ReadOnlySpan<char> fraction = default;
            if (Peek() == '.')
            {
                isFloat = true;
                _at++;
                var from = _at;
                while (IsDigit(Peek())) _at++;
                fraction = text.AsSpan(from, _at - from);
                if (whole.IsEmpty && fraction.IsEmpty) return false;
            }
            else if (whole.IsEmpty)
            {
                return false;
            }
            ReadOnlySpan<char> exponent = default;
            if (Peek() is 'e' or 'E')
            {
                isFloat = true;
                var from = _at;
                _at++;
                if (Peek() is '+' or '-') _at++;
                var digits = _at;
                while (IsDigit(Peek())) _at++;
                if (_at == digits) return false;
                exponent = text.AsSpan(from, _at - from);
            }
            // 1_000, 0x10, 1j, 1if...: left to the compiler.
            if (IsIdentifierPart(Peek()) || Peek() == '.') return false;
            if (!isFloat)
            {
                // Python refuses 012 and reads 00 as 0; either way, not a plain JSON int.
                if (whole.Length > 1 && whole[0] == '0') return false;
                if (whole.Length > MaxIntDigits) return false;
            }
            var trimmed = whole.TrimStart('0');
            var integer = !isFloat ? whole : trimmed.IsEmpty ? "0".AsSpan() : trimmed;
            var decimals = fraction.IsEmpty ? "0".AsSpan() : fraction;
            var length = (negative ? 1 : 0) + integer.Length + (isFloat ? 1 + decimals.Length + exponent.Length : 0);
            var json = length <= 256 ? stackalloc char[length] : new char[length];
            var at = 0;
            if (negative) json[at++] = '-';
            integer.CopyTo(json[at..]);
            at += integer.Length;
            if (isFloat)
            {
                json[at++] = '.';
                decimals.CopyTo(json[at..]);
                at += decimals.Length;
                exponent.CopyTo(json[at..]);
            }
            writer.WriteRawValue(json);
            return true;
        }

        /// <summary>A single-quoted or double-quoted string without a prefix, its escapes decoded as Python decodes them.</summary>
        private string? String()
        {
            var quote = text[_at];
            if (Peek(1) == quote && Peek(2) == quote) return null; // triple-quoted
            _at++;
            var value = new StringBuilder();
            while (true)
            {
                if (_at >= text.Length) return null;
                var c = text[_at++];
                if (c == quote) break;
                if (c is '\n' or '\r') return null;
                if (char.IsSurrogate(c))
                {
                    if (!char.IsHighSurrogate(c) || _at >= text.Length || !char.IsLowSurrogate(text[_at])) return null;
                    value.Append(c).Append(text[_at++]);
                    continue;
                }
                if (c != '\\')
                {
                    value.Append(c);
                    continue;
                }
                if (!Escape(value)) return null;
            }
            // 'a' 'b' is one string to Python: left to the compiler.
            var after = _at;
            SkipSpace();
            if (Peek() is '\'' or '"') return null;
            _at = after;
            return value.ToString();
        }

        private bool Escape(StringBuilder value)
        {
            if (_at >= text.Length) return false;
            var e = text[_at++];
            switch (e)
            {
                case '\\': value.Append('\\'); return true;
                case '\'': value.Append('\''); return true;
                case '"': value.Append('"'); return true;
                case 'a': value.Append('\a'); return true;
                case 'b': value.Append('\b'); return true;
                case 'f': value.Append('\f'); return true;
                case 'n': value.Append('\n'); return true;
                case 'r': value.Append('\r'); return true;
                case 't': value.Append('\t'); return true;
                case 'v': value.Append('\v'); return true;
                case 'x': return CodePoint(value, Hex(2));
                case 'u': return CodePoint(value, Hex(4));
                case 'U': return CodePoint(value, Hex(8));
                case >= '0' and <= '7':
                    var code = e - '0';
                    for (var i = 0; i < 2 && Peek() is >= '0' and <= '7'; i++) code = code * 8 + (text[_at++] - '0');
                    return CodePoint(value, code);
                default:
                    return false; // \N{...}, a line continuation, or an unknown escape Python keeps with its backslash
            }
        }

        private int Hex(int digits)
        {
            if (_at + digits > text.Length) return -1;
            var code = 0;
            for (var i = 0; i < digits; i++)
            {
                var d = text[_at + i];
                var v = d is >= '0' and <= '9' ? d - '0' : d is >= 'a' and <= 'f' ? d - 'a' + 10 : d is >= 'A' and <= 'F' ? d - 'A' + 10 : -1;
                if (v < 0) return -1;
                code = code * 16 + v;
            }
            _at += digits;
            return code;
        }

        /// <summary>Appends a code point; false for none, a surrogate (JSON could not carry it alone) or one past Unicode.</summary>
        private static bool CodePoint(StringBuilder value, int code)
        {
            if (code < 0 || code > 0x10FFFF || code is >= 0xD800 and <= 0xDFFF) return false;
            value.Append(char.ConvertFromUtf32(code));
            return true;
        }

        private string? Identifier()
        {
            var start = _at;
            if (_at >= text.Length || !(char.IsAsciiLetter(text[_at]) || text[_at] == '_')) return null;
            while (IsIdentifierPart(Peek())) _at++;
            var name = text.AsSpan(start, _at - start);
            // Non-ASCII names are NFKC-normalised by Python: left to the compiler.
            return Ascii.IsValid(name) ? name.ToString() : null;
        }

        /// <summary>Spaces, tabs, form feeds and line breaks (inside the call's brackets Python ignores them); always true.</summary>
        private bool SkipSpace()
        {
            while (Peek() is ' ' or '\t' or '\n' or '\r' or '\f') _at++;
            return true;
        }

        private bool Take(char c)
        {
            if (Peek() != c) return false;
            _at++;
            return true;
        }

        private char Peek(int ahead = 0) => _at + ahead < text.Length ? text[_at + ahead] : '\0';

        private static bool IsDigit(char c) => c is >= '0' and <= '9';

        private static bool IsIdentifierPart(char c) => char.IsAsciiLetterOrDigit(c) || c == '_' || c > 127;
    }
}
