using System.Text;
using CodeGrader.Core.Programs;

namespace CodeGrader.Service.Judge0;

/// <summary>
/// A program run in Judge0's terms: its status (expected output compared Judge0's way), its output as bytes, and its
/// time (CPU seconds), wall time and memory (kilobytes). Statuses Judge0 has no name for get its closest one, with ours in
/// <c>message</c>: a memory-limit kill is "Runtime Error (Other)" (Judge0 sees SIGKILL there), a MemoryError "NZEC", the
/// output limit "SIGXFSZ" (Judge0's stdout is a file under its file-size limit), a syntax error "Compilation Error".
/// </summary>
public static class Judge0Verdict
{
    /// <summary>The run's limits for a submission's settings: CPU time as the run's limit, the wall time (at least the CPU
    /// time plus its extra time) as the kill, memory and file size in kilobytes (at least the worker's 16 MiB of memory).</summary>
    public static ProgramRunLimits Limits(Judge0Settings settings, Judge0Options options)
    {
        var cpu = settings.CpuTimeLimit > 0 ? settings.CpuTimeLimit : options.MaxCpuTimeLimit;
        var wall = Math.Max(settings.WallTimeLimit, cpu + settings.CpuExtraTime);
        var fileBytes = Math.Max(1024, settings.MaxFileSize * 1024L);
        return new ProgramRunLimits
        {
            Time = TimeSpan.FromSeconds(cpu),
            WallTime = TimeSpan.FromSeconds(wall),
            MemoryBytes = Math.Max(16L * 1024 * 1024, settings.MemoryLimit * 1024L),
            OutputBytes = (int)Math.Min(int.MaxValue, fileBytes),
            FileSizeBytes = fileBytes,
        };
    }

    public static Judge0Result From(ProgramRun run, byte[]? expectedOutput)
    {
        var stdout = run.Stdout.IsEmpty ? null : run.Stdout.ToArray();
        var stderr = run.Stderr.IsEmpty ? null : run.Stderr.ToArray();
        var time = run.CpuTime?.TotalSeconds ?? run.WallTime.TotalSeconds;
        var memory = run.PeakMemoryBytes is { } peak ? peak / 1024 : (long?)null;
        var result = new Judge0Result(Judge0Statuses.Accepted, stdout, stderr, null, null, run.ExitCode, run.Signal,
            Math.Round(time, 3), Math.Round(run.WallTime.TotalSeconds, 3), memory);
        return run.Outcome switch
        {
            ProgramOutcome.Ok => result with { StatusId = Matches(expectedOutput, stdout) ? Judge0Statuses.Accepted : Judge0Statuses.WrongAnswer },
            ProgramOutcome.CompileError => new Judge0Result(Judge0Statuses.CompilationError, null, null,
                Encoding.UTF8.GetBytes(ProgramTraceback.Format(run.CompileError!)), null, null, null, null, null, null),
            ProgramOutcome.TimeLimit => result with { StatusId = Judge0Statuses.TimeLimitExceeded, Message = run.Message, ExitCode = null },
            ProgramOutcome.OutputLimit => result with { StatusId = Judge0Statuses.Sigxfsz, Message = run.Message, ExitCode = null, ExitSignal = 25 },
            ProgramOutcome.MemoryLimit => result with
            {
                StatusId = run.Error is null ? Judge0Statuses.OtherRuntimeError : Judge0Statuses.Nzec,
                Message = run.Message, ExitCode = run.Error is null ? null : 1, ExitSignal = run.Error is null ? 9 : null,
            },
            ProgramOutcome.RuntimeError => result with
            {
                StatusId = run.Signal is { } signal ? Judge0Statuses.ForSignal(signal) : Judge0Statuses.Nzec,
                Message = run.Message,
            },
            _ => result with { StatusId = Judge0Statuses.InternalError, Message = run.Message },
        };
    }

    /// <summary>
    /// Judge0's comparison: each line's trailing whitespace removed, then the text's trailing whitespace (so trailing
    /// blank lines do not count); no expected output accepts any output. Bytes that are not UTF-8 compare as bytes.
    /// </summary>
    public static bool Matches(byte[]? expected, byte[]? actual)
    {
        if (expected is null) return true;
        return Strip(expected).AsSpan().SequenceEqual(Strip(actual ?? []));
    }

    private static byte[] Strip(byte[] text)
    {
        var lines = Split(text).Select(RightTrim).ToList();
        var joined = new List<byte>(text.Length);
        for (var i = 0; i < lines.Count; i++)
        {
            if (i > 0) joined.Add((byte)'\n');
            joined.AddRange(lines[i]);
        }
        return RightTrim(joined.ToArray());
    }

    /// <summary>Ruby's <c>split("\n")</c>: trailing empty pieces dropped.</summary>
    private static List<byte[]> Split(byte[] text)
    {
        var pieces = new List<byte[]>();
        var start = 0;
        for (var i = 0; i <= text.Length; i++)
        {
            if (i == text.Length || text[i] == (byte)'\n')
            {
                pieces.Add(text[start..i]);
                start = i + 1;
            }
        }
        while (pieces.Count > 0 && pieces[^1].Length == 0) pieces.RemoveAt(pieces.Count - 1);
        return pieces;
    }

    /// <summary>Ruby's <c>rstrip</c>: trailing NUL and ASCII whitespace (space, \t, \n, \v, \f, \r).</summary>
    private static byte[] RightTrim(byte[] line)
    {
        var end = line.Length;
        while (end > 0 && line[end - 1] is 0 or (byte)' ' or (byte)'\t' or (byte)'\n' or 0x0B or 0x0C or (byte)'\r') end--;
        return line[..end];
    }
}
