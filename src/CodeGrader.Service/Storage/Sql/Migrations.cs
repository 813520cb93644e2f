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
    ];
}
