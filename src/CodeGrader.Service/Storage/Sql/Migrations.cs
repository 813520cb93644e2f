namespace CodeGrader.Service.Storage.Sql;

/// <summary>
/// The schema, one numbered step at a time, the same steps for SQLite and PostgreSQL; each applied step is recorded in
/// <c>schema_migrations</c>. Never edit a released step: add the next number.
/// <para>To add a table: append a step in portable SQL. Write <c>{id}</c> for a table's own auto-incrementing id and
/// <c>{blob}</c> for bytes (the two spellings that differ, see <see cref="SqlDialect"/>); otherwise use only
/// <c>BIGINT</c> (integers and times: Unix milliseconds), <c>TEXT</c>, <c>DOUBLE PRECISION</c>, <c>NOT NULL</c>,
/// <c>UNIQUE</c>, <c>CHECK</c>, <c>REFERENCES</c> and <c>CREATE INDEX</c>. Queries in the stores stay portable too:
/// Dapper parameters (<c>@name</c>), <c>RETURNING *</c>, <c>LIMIT</c>, <c>coalesce</c>; no <c>now()</c>, no
/// <c>AUTOINCREMENT</c>, no <c>SERIAL</c>, no <c>INTEGER</c> for anything that may pass 2^31 (PostgreSQL's is 32-bit).
/// The storage tests run every store against both databases.</para>
/// </summary>
public static class Migrations
{
    public sealed record Migration(int Number, string Name, string Sql);

    public static readonly IReadOnlyList<Migration> All =
    [
        new(1, "api keys", """
            CREATE TABLE api_keys (
                id {id},
                name TEXT NOT NULL,
                role TEXT NOT NULL CHECK (role IN ('admin', 'author', 'ci', 'candidate')),
                hash TEXT NOT NULL UNIQUE,
                created_at BIGINT NOT NULL
            );
            """),
        new(2, "exercise versions", """
            CREATE TABLE exercise_versions (
                id TEXT NOT NULL,
                version BIGINT NOT NULL,
                title TEXT NOT NULL,
                directory TEXT NOT NULL,
                created_by BIGINT NOT NULL REFERENCES api_keys (id),
                created_at BIGINT NOT NULL,
                PRIMARY KEY (id, version)
            );
            """),
        new(3, "submissions", """
            CREATE TABLE submissions (
                id {id},
                key_id BIGINT NOT NULL REFERENCES api_keys (id),
                exercise TEXT NOT NULL,
                exercise_version BIGINT NOT NULL,
                source TEXT NOT NULL,
                status TEXT NOT NULL,
                verdict TEXT,
                score DOUBLE PRECISION,
                report_json TEXT,
                error TEXT,
                created_at BIGINT NOT NULL,
                finished_at BIGINT,
                FOREIGN KEY (exercise, exercise_version) REFERENCES exercise_versions (id, version)
            );
            CREATE INDEX submissions_by_key ON submissions (key_id, id);
            CREATE INDEX submissions_by_exercise ON submissions (exercise, id);
            CREATE INDEX submissions_by_status ON submissions (status, id);
            """),
        new(4, "exercise archives in the database", """
            CREATE TABLE exercise_archives (
                exercise TEXT NOT NULL,
                version BIGINT NOT NULL,
                archive {blob} NOT NULL,
                sha256 TEXT NOT NULL,
                PRIMARY KEY (exercise, version),
                FOREIGN KEY (exercise, version) REFERENCES exercise_versions (id, version)
            );
            ALTER TABLE exercise_versions DROP COLUMN directory;
            """),
        new(5, "key expiry and webhooks", """
            ALTER TABLE api_keys ADD COLUMN expires_at BIGINT;
            ALTER TABLE api_keys ADD COLUMN callback_url TEXT;
            ALTER TABLE api_keys ADD COLUMN webhook_secret TEXT;
            """),
        new(6, "invitations", """
            CREATE TABLE invitations (
                id {id},
                exercise TEXT NOT NULL,
                label TEXT,
                hash TEXT NOT NULL UNIQUE,
                created_by BIGINT NOT NULL REFERENCES api_keys (id),
                created_at BIGINT NOT NULL,
                expires_at BIGINT NOT NULL,
                max_attempts BIGINT NOT NULL CHECK (max_attempts > 0),
                attempts_used BIGINT NOT NULL DEFAULT 0,
                revoked_at BIGINT,
                callback_url TEXT,
                webhook_secret TEXT
            );
            CREATE INDEX invitations_by_exercise ON invitations (exercise, id);
            ALTER TABLE submissions ADD COLUMN invitation_id BIGINT REFERENCES invitations (id);
            ALTER TABLE submissions ADD COLUMN callback_url TEXT;
            CREATE INDEX submissions_by_invitation ON submissions (invitation_id, id);
            """),
        new(7, "webhook deliveries", """
            CREATE TABLE webhook_deliveries (
                id {id},
                submission_id BIGINT NOT NULL UNIQUE REFERENCES submissions (id),
                url TEXT NOT NULL,
                status TEXT NOT NULL,
                attempts BIGINT NOT NULL DEFAULT 0,
                next_attempt_at BIGINT NOT NULL,
                created_at BIGINT NOT NULL,
                finished_at BIGINT
            );
            CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);
            CREATE TABLE webhook_attempts (
                id {id},
                delivery_id BIGINT NOT NULL REFERENCES webhook_deliveries (id),
                number BIGINT NOT NULL,
                attempted_at BIGINT NOT NULL,
                status_code BIGINT,
                error TEXT,
                duration_ms DOUBLE PRECISION NOT NULL
            );
            CREATE INDEX webhook_attempts_by_delivery ON webhook_attempts (delivery_id, number);
            """),
        new(8, "judge0 submissions", """
            CREATE TABLE judge0_submissions (
                id {id},
                token TEXT NOT NULL UNIQUE,
                key_id BIGINT NOT NULL REFERENCES api_keys (id),
                language_id BIGINT NOT NULL,
                source_code TEXT NOT NULL,
                stdin TEXT,
                expected_output TEXT,
                settings_json TEXT NOT NULL,
                status_id BIGINT NOT NULL,
                stdout TEXT,
                stderr TEXT,
                compile_output TEXT,
                message TEXT,
                exit_code BIGINT,
                exit_signal BIGINT,
                time DOUBLE PRECISION,
                wall_time DOUBLE PRECISION,
                memory BIGINT,
                created_at BIGINT NOT NULL,
                finished_at BIGINT
            );
            CREATE INDEX judge0_submissions_by_status ON judge0_submissions (status_id, id);
            """),
        new(9, "submission attempts", """
            ALTER TABLE submissions ADD COLUMN attempts BIGINT NOT NULL DEFAULT 0;
            """),
    ];
}
