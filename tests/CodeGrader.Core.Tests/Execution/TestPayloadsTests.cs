using System.Text;
using System.Text.Json;
using CodeGrader.Core.Execution;
using CodeGrader.Protocol;

namespace CodeGrader.Core.Tests.Execution;

/// <summary>A test's payload, its JSON after the id serialized once per request: the same bytes as serializing it whole.</summary>
public sealed class TestPayloadsTests
{
    public static TheoryData<string> Requests() => ["call", "apply", "kwargs", "take", "steps", "stdin", "bytes", "invoke", "empty"];

    private static TestRequest Request(string kind) => kind switch
    {
        "call" => TestRequest.ForCall("f(x for x in range(3))"),
        "apply" => TestRequest.ForTestCall("is_palindrome('A man, a plan: \"Panama\" \\u00e9')"),
        "kwargs" => TestRequest.ForTestCall("f([1, 2.5, None, True], key={'a': [1]})"),
        "take" => TestRequest.ForCall("gen()", take: 5),
        "steps" => new TestRequest { Steps = [new TestStep("s = Stack()", false), new TestStep("s.pop()", true)] },
        "stdin" => TestRequest.ForProgram("3\n1 2 3\n"),
        "bytes" => TestRequest.ForProgramBytes(new byte[] { 0, 255, 10 }),
        "invoke" => TestRequest.ForInvoke(new InvokeMessage("call", Name: "f", Args: [JsonDocument.Parse("[1]").RootElement.Clone()])),
        "empty" => new TestRequest(),
        _ => throw new ArgumentException(kind),
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public void Every_kind_of_request_is_sent_as_the_bytes_its_message_serializes_to(string kind)
    {
        var request = Request(kind);
        foreach (var id in (int[])[1, 9, 10, 12345, int.MaxValue - 1])
        {
            var whole = Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(request.ToMessage(id), ProtocolJson.Default.TestMessage));
            Encoding.UTF8.GetString(TestPayloads.For(request, id)).ShouldBe(whole, $"id {id}");
        }
    }

    [Fact]
    public void A_copy_of_a_request_with_another_call_is_sent_with_its_own_call()
    {
        var request = TestRequest.ForCall("f(1)");
        TestPayloads.For(request, 5);

        var copy = request with { Call = "f(2)" };

        Encoding.UTF8.GetString(TestPayloads.For(copy, 5)).ShouldBe("""{"id":5,"call":"f(2)"}""");
    }
}
