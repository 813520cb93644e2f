using System.Text.Json;
using System.Text.Json.Serialization;

namespace CodeGrader.Protocol;

/// <summary>
/// The generated (de)serializers for every payload in <c>Messages.cs</c>: snake_case names, null properties left out,
/// and strict reading: a member the record does not have, a missing required one or a null where the record does not
/// allow it is a <see cref="JsonException"/>. Reflection-free, so the NativeAOT worker uses it too.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    MaxDepth = MaxDepth)]
[JsonSerializable(typeof(ReadyMessage))]
[JsonSerializable(typeof(ZygoteReadyMessage))]
[JsonSerializable(typeof(LoadMessage))]
[JsonSerializable(typeof(LoadedMessage))]
[JsonSerializable(typeof(TestMessage))]
[JsonSerializable(typeof(ResultMessage))]
[JsonSerializable(typeof(FatalMessage))]
[JsonSerializable(typeof(ValueLimits))]
[JsonSerializable(typeof(StepMessage))]
[JsonSerializable(typeof(InvokeMessage))]
[JsonSerializable(typeof(ApplyMessage))]
[JsonSerializable(typeof(StepResultMessage))]
[JsonSerializable(typeof(DiagnosticMessage))]
[JsonSerializable(typeof(ErrorMessage))]
[JsonSerializable(typeof(TracebackFrameMessage))]
public sealed partial class ProtocolJson : JsonSerializerContext
{
    /// <summary>
    /// JSON nesting allowed in a payload: the harness caps a value's Python nesting at 100 levels (3 JSON levels each),
    /// and the envelope around it (a result, its steps) is a few more.
    /// </summary>
    public const int MaxDepth = 400;
}
