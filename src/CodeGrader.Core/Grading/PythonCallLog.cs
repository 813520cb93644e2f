using System.Buffers;
using System.Text;
using System.Text.Json;
using CodeGrader.Core.Execution;
using CodeGrader.Core.InHost;
using CodeGrader.Python;

namespace CodeGrader.Core.Grading;

/// <summary>
/// What the candidate's worker did during one Python test, call by call: output, times, the last exception, and the
/// first call that ended the worker (a time limit, memory, a crash), which decides the test whatever the test does
/// after it. Turns each worker result into the JSON answer python_tests.py rebuilds plain values from.
/// </summary>
internal sealed class PythonCallLog
{
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();

    public int Calls { get; private set; }
    public TimeSpan WorkerTime { get; private set; }
    public bool OutputTruncated { get; private set; }
    public PythonError? LastError { get; private set; }
    public RunStatus? Ended { get; private set; }
    public string? EndMessage { get; private set; }
    public WorkerEnd? End { get; private set; }

    /// <summary>What the harness (_cg_invoke.py) says of a handle it does not hold.</summary>
    private const string LostObject = "no longer exists (the worker that held it ended)";

    public string Stdout => _stdout.ToString();
    public string Stderr => _stderr.ToString();

    public string Record(SessionRun run)
    {
        Calls++;
        if (run.Result is not { } result)
            return EndWith(RunStatus.Crashed, $"a fresh worker could not load the submission again ({RunDescriptions.Describe(run.ReloadFailure!)})", null);
        _stdout.Append(result.Stdout);
        _stderr.Append(result.Stderr);
        OutputTruncated |= result.OutputTruncated;
        WorkerTime += result.WorkerTime ?? result.HostTime;
        switch (result.Status)
        {
            case RunStatus.Completed:
                return Answer(w =>
                {
                    w.WriteString("outcome", "value");
                    w.WritePropertyName("value");
                    CanonicalJson.Write(w, result.Value!);
                });
            case RunStatus.Raised:
                LastError = result.Error;
                return Answer(w =>
                {
                    w.WriteString("outcome", "exception");
                    w.WriteStartObject("error");
                    w.WriteString("type", result.Error!.Type);
                    w.WriteStartArray("bases");
                    foreach (var b in result.Error.Bases) w.WriteStringValue(b);
                    w.WriteEndArray();
                    w.WriteString("message", result.Error.Message);
                    w.WriteEndObject();
                });
            case RunStatus.ProtocolError when result.Message?.Contains(LostObject, StringComparison.Ordinal) == true:
                // A test used an object of a worker that has ended since (kept by an earlier test): the test's fault.
                return Answer(w =>
                {
                    w.WriteString("outcome", "lost");
                    w.WriteString("message", result.Message);
                });
            default:
                return EndWith(result.Status, result.Message ?? RunDescriptions.Status(result.Status), result.End);
        }
    }

    /// <summary>The host could not run the call at all (cancelled, the worker could not start).</summary>
    public string Failed(string why) => EndWith(RunStatus.Crashed, why, null);

    /// <summary>After the worker ended once in this test, every later call ends the same way.</summary>
    public string? AlreadyEnded() => Ended is null ? null : Answer(w => { w.WriteString("outcome", "ended"); w.WriteString("message", EndMessage); });

    private string EndWith(RunStatus status, string message, WorkerEnd? end)
    {
        Ended ??= status;
        EndMessage ??= message;
        End ??= end;
        return AlreadyEnded()!;
    }

    private static string Answer(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true, MaxDepth = 1000 }))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
