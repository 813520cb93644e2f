namespace CodeGrader.Service.Storage.Sqlite;

/// <summary>The schema, one numbered step at a time; each applied step is recorded in <c>schema_migrations</c>. Never edit a
/// released step: add the next number.</summary>
public static class SqliteMigrations
{
    public sealed record Migration(int Number, string Name, string Sql);

    public static readonly IReadOnlyList<Migration> All =
    [
        new(1, "api keys", """
            CREATE TABLE api_keys (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                name TEXT NOT NULL,
                role TEXT NOT NULL CHECK (role IN ('admin', 'author', 'ci', 'candidate')),
                hash TEXT NOT NULL UNIQUE,
                created_at INTEGER NOT NULL
            );
            """),
        new(2, "exercise versions", """
            CREATE TABLE exercise_versions (
                id TEXT NOT NULL,
                version INTEGER NOT NULL,
                title TEXT NOT NULL,
                directory TEXT NOT NULL,
                created_by INTEGER NOT NULL REFERENCES api_keys (id),
                created_at INTEGER NOT NULL,
                PRIMARY KEY (id, version)
            );
            """),
        new(3, "submissions", """
            CREATE TABLE submissions (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                key_id INTEGER NOT NULL REFERENCES api_keys (id),
                exercise TEXT NOT NULL,
                exercise_version INTEGER NOT NULL,
                source TEXT NOT NULL,
                status TEXT NOT NULL,
                verdict TEXT,
                score REAL,
                report_json TEXT,
                error TEXT,
                created_at INTEGER NOT NULL,
                finished_at INTEGER,
                FOREIGN KEY (exercise, exercise_version) REFERENCES exercise_versions (id, version)
            );
            CREATE INDEX submissions_by_key ON submissions (key_id, id);
            CREATE INDEX submissions_by_exercise ON submissions (exercise, id);
            CREATE INDEX submissions_by_status ON submissions (status, id);
            """),
        new(4, "submission attempts", """
            ALTER TABLE submissions ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
            """),
    ];
}
