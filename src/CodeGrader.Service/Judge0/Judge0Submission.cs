namespace CodeGrader.Service.Judge0;

/// <summary>A submission to run, checked: the key that sent it, its source, input and expected output as bytes, its settings.</summary>
public sealed record Judge0NewSubmission(long KeyId, int LanguageId, byte[] SourceCode, byte[]? Stdin, byte[]? ExpectedOutput, Judge0Settings Settings);

/// <summary>What a run came to, in Judge0's terms.</summary>
public sealed record Judge0Result(
    int StatusId,
    byte[]? Stdout,
    byte[]? Stderr,
    byte[]? CompileOutput,
    string? Message,
    int? ExitCode,
    int? ExitSignal,
    double? Time,
    double? WallTime,
    long? Memory);

/// <summary>A stored submission: its request and, once run, its result.</summary>
public sealed record Judge0Stored(
    long Id,
    string Token,
    Judge0NewSubmission Request,
    int StatusId,
    Judge0Result? Result,
    DateTimeOffset CreatedAt,
    DateTimeOffset? FinishedAt);
