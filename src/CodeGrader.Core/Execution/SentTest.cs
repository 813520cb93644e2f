namespace CodeGrader.Core.Execution;

/// <summary>
/// A test request written to a worker and not answered yet: its random id (the answer must carry it), when the host
/// began writing it (a <see cref="System.Diagnostics.Stopwatch"/> timestamp), its size in the channel, and the problem
/// when the write failed (the worker was gone).
/// </summary>
internal sealed record SentTest(int Id, long WrittenAt, int Bytes, string? Problem);
