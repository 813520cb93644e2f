using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using CodeGrader.Core.Tests.TestSupport;
using CodeGrader.Protocol;

namespace CodeGrader.Core.Tests.Execution;

/// <summary>
/// docs/protocol.md against the protocol's records: its "Messages" table (one row per record, with the JSON fields, `?`
/// for an optional one) must name exactly the fields the source-generated <see cref="ProtocolJson"/> reports, and its
/// frame table exactly the kinds of <see cref="FrameKind"/>.
/// </summary>
public sealed partial class ProtocolDocumentTests
{
    private static readonly string Document = File.ReadAllText(Path.Combine(Repository.Root, "docs", "protocol.md"));

    /// <summary>Each record the context generates, by name.</summary>
    private static readonly Dictionary<string, Type> Records = typeof(ProtocolJson).CustomAttributes
        .Where(a => a.AttributeType == typeof(JsonSerializableAttribute))
        .Select(a => (Type)a.ConstructorArguments[0].Value!)
        .ToDictionary(t => t.Name, StringComparer.Ordinal);

    [Fact]
    public void The_message_table_lists_every_record_the_protocol_context_generates_and_no_other()
    {
        MessageTable().Keys.Order(StringComparer.Ordinal).ShouldBe(Records.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_record_has_exactly_the_json_fields_the_document_lists_with_the_same_optional_ones()
    {
        foreach (var (name, documented) in MessageTable())
        {
            var info = ProtocolJson.Default.GetTypeInfo(Records[name]).ShouldNotBeNull(name);
            var actual = info.Properties.Select(p => p.Name + (IsOptional(p) ? "?" : "")).ToList();
            actual.ShouldBe(documented, ignoreOrder: true, $"docs/protocol.md's row for {name} disagrees with the record");
        }
    }

    [Fact]
    public void The_frame_table_lists_every_frame_kind_with_its_number()
    {
        var rows = FrameRow().Matches(Document).Select(m => (m.Groups["name"].Value, Convert.ToInt32(m.Groups["number"].Value, m.Groups["number"].Value.StartsWith("0x", StringComparison.Ordinal) ? 16 : 10)));
        rows.ShouldBe(Enum.GetValues<FrameKind>().Select(k => (k.ToString(), (int)k)), ignoreOrder: true);
    }

    [Fact]
    public void Every_frame_with_a_json_payload_names_a_record_of_the_table()
    {
        var payloads = FramePayload().Matches(Document).Select(m => m.Groups["record"].Value).ToList();
        payloads.ShouldBe(["ReadyMessage", "LoadMessage", "LoadedMessage", "TestMessage", "ResultMessage", "FatalMessage"], ignoreOrder: true);
        payloads.ShouldAllBe(p => Records.ContainsKey(p));
    }

    [Fact]
    public void The_context_reads_strictly_and_leaves_null_fields_out()
    {
        var options = ProtocolJson.Default.Options;
        options.UnmappedMemberHandling.ShouldBe(JsonUnmappedMemberHandling.Disallow);
        options.DefaultIgnoreCondition.ShouldBe(JsonIgnoreCondition.WhenWritingNull);
        options.RespectNullableAnnotations.ShouldBeTrue();
        options.RespectRequiredConstructorParameters.ShouldBeTrue();
    }

    /// <summary>Optional on the wire: its constructor parameter has a default (null), so it may be absent and is left out when null.</summary>
    private static bool IsOptional(System.Text.Json.Serialization.Metadata.JsonPropertyInfo property) =>
        property.AssociatedParameter is { HasDefaultValue: true };

    /// <summary>The "Messages" table: record name to its JSON fields as written (`name` or `name`?).</summary>
    private static Dictionary<string, List<string>> MessageTable()
    {
        var section = Document[Document.IndexOf("## Messages", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("\n## ", 1, StringComparison.Ordinal)];
        var table = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (Match row in MessageRow().Matches(section))
        {
            var fields = FieldPattern().Matches(row.Groups["fields"].Value).Select(f => f.Groups["name"].Value + f.Groups["optional"].Value).ToList();
            table.Add(row.Groups["record"].Value, fields);
        }
        table.ShouldNotBeEmpty("docs/protocol.md has no message table under '## Messages'");
        return table;
    }

    [GeneratedRegex(@"^\| `(?<record>\w+)` \| [^|]+ \| (?<fields>[^|\n]+) \|$", RegexOptions.Multiline)]
    private static partial Regex MessageRow();

    [GeneratedRegex(@"`(?<name>[a-z_]+)`(?<optional>\??)")]
    private static partial Regex FieldPattern();

    [GeneratedRegex(@"^\| `(?<name>[A-Z]\w+)` (?<number>0x[0-9a-f]+|\d+) \|", RegexOptions.Multiline)]
    private static partial Regex FrameRow();

    [GeneratedRegex(@"^\| `[A-Z]\w+` (?:0x[0-9a-f]+|\d+) \| [^|]+ \| `(?<record>\w+Message)` \|$", RegexOptions.Multiline)]
    private static partial Regex FramePayload();
}
