using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using CodeGrader.Core.Diagnostics;

namespace CodeGrader.Core.Exercises.Yaml;

/// <summary>
/// A <see cref="YamlValue"/> tree in a compact binary form (<see cref="YamlTreeCache"/>'s files): reading it back makes
/// the same tree, spans included, with none of the YAML scanner's work (on HumanEval+'s 124,000 tests the scanner and
/// parser were three quarters of loading the exercises). The form: a header (magic, then the SHA-256 of the body and its
/// length), then each node in document order: a kind byte, its span as four unsigned LEB128 numbers, then a scalar's
/// flags, text and tag, or a list's count and items, or a mapping's count and keys and values. A body that does not
/// match its hash, or ends early, or has bytes left over, is no tree.
/// </summary>
internal static class YamlTreeFile
{
    private static readonly byte[] Magic = "CGYAMLTREE1\n"u8.ToArray();
    private const int HashLength = 32;
    private static readonly int HeaderLength = Magic.Length + HashLength + sizeof(long);
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private const byte ScalarKind = 1;
    private const byte SequenceKind = 2;
    private const byte MappingKind = 3;
    private const byte PlainFlag = 1;
    private const byte TagFlag = 2;

    /// <summary>Deeper trees are not kept, and a file claiming one is no tree: reading never recurses deeper than this.</summary>
    private const int MaxDepth = 512;

    /// <summary>The file's bytes for <paramref name="root"/>; null when the tree is too deep, or holds text UTF-8 cannot carry.</summary>
    public static byte[]? Write(YamlValue root)
    {
        var body = new ArrayBufferWriter<byte>(1 << 16);
        try
        {
            if (!WriteNode(body, root, 0)) return null;
        }
        catch (EncoderFallbackException)
        {
            return null; // a lone surrogate from an escape ("\ud800"): such a file is parsed every time
        }
        var file = new byte[HeaderLength + body.WrittenCount];
        Magic.CopyTo(file, 0);
        SHA256.HashData(body.WrittenSpan, file.AsSpan(Magic.Length, HashLength));
        BinaryPrimitives.WriteInt64LittleEndian(file.AsSpan(Magic.Length + HashLength), body.WrittenCount);
        body.WrittenSpan.CopyTo(file.AsSpan(HeaderLength));
        return file;
    }

    /// <summary>The tree in <paramref name="file"/>, or null when it is not a whole, intact tree file.</summary>
    public static YamlValue? Read(ReadOnlySpan<byte> file)
    {
        if (file.Length < HeaderLength || !file[..Magic.Length].SequenceEqual(Magic)) return null;
        var body = file[HeaderLength..];
        if (BinaryPrimitives.ReadInt64LittleEndian(file.Slice(Magic.Length + HashLength)) != body.Length) return null;
        Span<byte> hash = stackalloc byte[HashLength];
        SHA256.HashData(body, hash);
        if (!hash.SequenceEqual(file.Slice(Magic.Length, HashLength))) return null;
        var reader = new Reader(body);
        try
        {
            var root = reader.Node(0);
            return reader.AtEnd ? root : null;
        }
        catch (Exception e) when (e is FormatException or ArgumentException or DecoderFallbackException)
        {
            return null;
        }
    }

    private static bool WriteNode(ArrayBufferWriter<byte> output, YamlValue node, int depth)
    {
        if (depth > MaxDepth) return false;
        switch (node)
        {
            case YamlScalar scalar:
                WriteByte(output, ScalarKind);
                WriteSpan(output, scalar.Span);
                WriteByte(output, (byte)((scalar.IsPlain ? PlainFlag : 0) | (scalar.Tag is null ? 0 : TagFlag)));
                WriteString(output, scalar.Text);
                if (scalar.Tag is { } tag) WriteString(output, tag);
                return true;
            case YamlSequence sequence:
                WriteByte(output, SequenceKind);
                WriteSpan(output, sequence.Span);
                WriteNumber(output, (uint)sequence.Items.Length);
                foreach (var item in sequence.Items)
                    if (!WriteNode(output, item, depth + 1)) return false;
                return true;
            case YamlMapping mapping:
                WriteByte(output, MappingKind);
                WriteSpan(output, mapping.Span);
                WriteNumber(output, (uint)mapping.Entries.Length);
                foreach (var entry in mapping.Entries)
                    if (!WriteNode(output, entry.Key, depth + 1) || !WriteNode(output, entry.Value, depth + 1)) return false;
                return true;
            default:
                throw new ArgumentException($"unknown YAML node {node.GetType().Name}", nameof(node));
        }
    }

    private static void WriteByte(ArrayBufferWriter<byte> output, byte value)
    {
        output.GetSpan(1)[0] = value;
        output.Advance(1);
    }

    private static void WriteSpan(ArrayBufferWriter<byte> output, LinePositionSpan span)
    {
        WriteNumber(output, (uint)span.Start.Line);
        WriteNumber(output, (uint)span.Start.Character);
        WriteNumber(output, (uint)span.End.Line);
        WriteNumber(output, (uint)span.End.Character);
    }

    private static void WriteNumber(ArrayBufferWriter<byte> output, uint value)
    {
        var span = output.GetSpan(5);
        var written = 0;
        while (value >= 0x80)
        {
            span[written++] = (byte)(value | 0x80);
            value >>= 7;
        }
        span[written++] = (byte)value;
        output.Advance(written);
    }

    private static void WriteString(ArrayBufferWriter<byte> output, string text)
    {
        var length = StrictUtf8.GetByteCount(text);
        WriteNumber(output, (uint)length);
        StrictUtf8.GetBytes(text, output.GetSpan(length));
        output.Advance(length);
    }

    private ref struct Reader(ReadOnlySpan<byte> body)
    {
        private readonly ReadOnlySpan<byte> _body = body;
        private int _at;

        public readonly bool AtEnd => _at == _body.Length;

        public YamlValue Node(int depth)
        {
            if (depth > MaxDepth) throw new FormatException("the tree is too deep");
            var kind = Byte();
            var span = Span();
            switch (kind)
            {
                case ScalarKind:
                {
                    var flags = Byte();
                    if ((flags & ~(PlainFlag | TagFlag)) != 0) throw new FormatException("unknown scalar flags");
                    var text = String();
                    var tag = (flags & TagFlag) != 0 ? String() : null;
                    return new YamlScalar(text, (flags & PlainFlag) != 0, tag, span);
                }
                case SequenceKind:
                {
                    var items = ImmutableArray.CreateBuilder<YamlValue>(Count());
                    for (var i = items.Capacity; i > 0; i--) items.Add(Node(depth + 1));
                    return new YamlSequence(items.MoveToImmutable(), span);
                }
                case MappingKind:
                {
                    var entries = ImmutableArray.CreateBuilder<YamlEntry>(Count());
                    for (var i = entries.Capacity; i > 0; i--)
                    {
                        var key = Node(depth + 1);
                        entries.Add(new YamlEntry(key, Node(depth + 1)));
                    }
                    return new YamlMapping(entries.MoveToImmutable(), span);
                }
                default:
                    throw new FormatException($"unknown node kind {kind}");
            }
        }

        /// <summary>A count no bigger than the bytes left could hold (each node takes at least six).</summary>
        private int Count()
        {
            var count = Number();
            if (count > (_body.Length - _at) / 6) throw new FormatException("a count longer than the file");
            return count;
        }

        private byte Byte()
        {
            if (_at >= _body.Length) throw new FormatException("the file ends early");
            return _body[_at++];
        }

        private LinePositionSpan Span() => new(new LinePosition(Number(), Number()), new LinePosition(Number(), Number()));

        private int Number()
        {
            uint value = 0;
            for (var shift = 0; shift < 35; shift += 7)
            {
                var b = Byte();
                value |= (uint)(b & 0x7F) << shift;
                if (b < 0x80) return value <= int.MaxValue ? (int)value : throw new FormatException("a number out of range");
            }
            throw new FormatException("a number too long");
        }

        private string String()
        {
            var length = Number();
            if (length > _body.Length - _at) throw new FormatException("the file ends early");
            var text = StrictUtf8.GetString(_body.Slice(_at, length));
            _at += length;
            return text;
        }
    }
}
