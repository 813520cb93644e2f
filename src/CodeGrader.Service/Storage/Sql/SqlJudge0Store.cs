using System.Text.Json;
using CodeGrader.Service.Judge0;
using Dapper;

namespace CodeGrader.Service.Storage.Sql;

/// <summary>The Judge0 submissions table. Source, input and output are kept as base64 text (bytes, portably), settings as JSON.</summary>
public sealed class SqlJudge0Store(SqlDatabase database) : IJudge0Store
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private sealed class Row
    {
        public long Id { get; set; }
        public string Token { get; set; } = "";
        public long KeyId { get; set; }
        public long LanguageId { get; set; }
        public string SourceCode { get; set; } = "";
        public string? Stdin { get; set; }
        public string? ExpectedOutput { get; set; }
        public string SettingsJson { get; set; } = "";
        public long StatusId { get; set; }
        public string? Stdout { get; set; }
        public string? Stderr { get; set; }
        public string? CompileOutput { get; set; }
        public string? Message { get; set; }
        public long? ExitCode { get; set; }
        public long? ExitSignal { get; set; }
        public double? Time { get; set; }
        public double? WallTime { get; set; }
        public long? Memory { get; set; }
        public long CreatedAt { get; set; }
        public long? FinishedAt { get; set; }

        public Judge0Stored ToStored()
        {
            var request = new Judge0NewSubmission(KeyId, (int)LanguageId, Bytes(SourceCode)!, Bytes(Stdin), Bytes(ExpectedOutput),
                JsonSerializer.Deserialize<Judge0Settings>(SettingsJson, Json)!);
            var finished = Judge0Statuses.IsFinished((int)StatusId);
            var result = finished
                ? new Judge0Result((int)StatusId, Bytes(Stdout), Bytes(Stderr), Bytes(CompileOutput), Message, (int?)ExitCode, (int?)ExitSignal, Time, WallTime, Memory)
                : null;
            return new Judge0Stored(Id, Token, request, (int)StatusId, result, SqlDatabase.Time(CreatedAt), FinishedAt is { } f ? SqlDatabase.Time(f) : null);
        }
    }

    public async Task<IReadOnlyList<Judge0Stored>> AddAsync(IReadOnlyList<Judge0NewSubmission> submissions, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var stored = new List<Judge0Stored>(submissions.Count);
        var now = SqlDatabase.Now();
        foreach (var s in submissions)
        {
            var row = await connection.QuerySingleAsync<Row>("""
                INSERT INTO judge0_submissions (token, key_id, language_id, source_code, stdin, expected_output, settings_json, status_id, created_at)
                VALUES (@token, @KeyId, @LanguageId, @source, @stdin, @expected, @settings, @queued, @now) RETURNING *
                """, new
            {
                token = Guid.NewGuid().ToString(),
                s.KeyId,
                s.LanguageId,
                source = Text(s.SourceCode),
                stdin = Text(s.Stdin),
                expected = Text(s.ExpectedOutput),
                settings = JsonSerializer.Serialize(s.Settings, Json),
                queued = Judge0Statuses.InQueue,
                now,
            }, transaction).ConfigureAwait(false);
            stored.Add(row.ToStored());
        }
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return stored;
    }

    public async Task<Judge0Stored?> GetAsync(string token, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<Row>("SELECT * FROM judge0_submissions WHERE token = @token", new { token }).ConfigureAwait(false);
        return row?.ToStored();
    }

    public async Task<Judge0Stored?> GetByIdAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<Row>("SELECT * FROM judge0_submissions WHERE id = @id", new { id }).ConfigureAwait(false);
        return row?.ToStored();
    }

    public async Task<IReadOnlyList<Judge0Stored>> GetManyAsync(IReadOnlyList<string> tokens, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<Row>("SELECT * FROM judge0_submissions WHERE token IN @tokens", new { tokens }).ConfigureAwait(false);
        return [.. rows.Select(r => r.ToStored())];
    }

    public async Task<bool> TryStartAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteAsync("UPDATE judge0_submissions SET status_id = @processing WHERE id = @id AND status_id = @queued",
            new { id, processing = Judge0Statuses.Processing, queued = Judge0Statuses.InQueue }).ConfigureAwait(false) == 1;
    }

    public async Task FinishAsync(long id, Judge0Result result, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync("""
            UPDATE judge0_submissions SET status_id = @StatusId, stdout = @stdout, stderr = @stderr, compile_output = @compileOutput,
                message = @Message, exit_code = @ExitCode, exit_signal = @ExitSignal, time = @Time, wall_time = @WallTime, memory = @Memory,
                finished_at = @now
            WHERE id = @id
            """, new
        {
            id,
            result.StatusId,
            stdout = Text(result.Stdout),
            stderr = Text(result.Stderr),
            compileOutput = Text(result.CompileOutput),
            result.Message,
            result.ExitCode,
            result.ExitSignal,
            result.Time,
            result.WallTime,
            result.Memory,
            now = SqlDatabase.Now(),
        }).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<long>> RequeueUnfinishedAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync("UPDATE judge0_submissions SET status_id = @queued WHERE status_id = @processing",
            new { queued = Judge0Statuses.InQueue, processing = Judge0Statuses.Processing }).ConfigureAwait(false);
        return [.. await connection.QueryAsync<long>("SELECT id FROM judge0_submissions WHERE status_id = @queued ORDER BY id", new { queued = Judge0Statuses.InQueue }).ConfigureAwait(false)];
    }

    private static string? Text(byte[]? bytes) => bytes is null ? null : Convert.ToBase64String(bytes);

    private static byte[]? Bytes(string? text) => text is null ? null : Convert.FromBase64String(text);
}
