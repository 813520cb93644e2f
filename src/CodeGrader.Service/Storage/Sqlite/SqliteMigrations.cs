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
        new(4, "key expiry and webhooks", """
            ALTER TABLE api_keys ADD COLUMN expires_at INTEGER;
            ALTER TABLE api_keys ADD COLUMN callback_url TEXT;
            ALTER TABLE api_keys ADD COLUMN webhook_secret TEXT;
            """),
        new(5, "invitations", """
            CREATE TABLE invitations (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                exercise TEXT NOT NULL,
                label TEXT,
                hash TEXT NOT NULL UNIQUE,
                created_by INTEGER NOT NULL REFERENCES api_keys (id),
                created_at INTEGER NOT NULL,
                expires_at INTEGER NOT NULL,
                max_attempts INTEGER NOT NULL CHECK (max_attempts > 0),
                attempts_used INTEGER NOT NULL DEFAULT 0,
                revoked_at INTEGER,
                callback_url TEXT,
                webhook_secret TEXT
            );
            CREATE INDEX invitations_by_exercise ON invitations (exercise, id);
            ALTER TABLE submissions ADD COLUMN invitation_id INTEGER REFERENCES invitations (id);
            ALTER TABLE submissions ADD COLUMN callback_url TEXT;
            CREATE INDEX submissions_by_invitation ON submissions (invitation_id, id);
            """),
        new(6, "webhook deliveries", """
            CREATE TABLE webhook_deliveries (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                submission_id INTEGER NOT NULL UNIQUE REFERENCES submissions (id),
                url TEXT NOT NULL,
                status TEXT NOT NULL,
                attempts INTEGER NOT NULL DEFAULT 0,
                next_attempt_at INTEGER NOT NULL,
                created_at INTEGER NOT NULL,
                finished_at INTEGER
            );
            CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);
            CREATE TABLE webhook_attempts (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                delivery_id INTEGER NOT NULL REFERENCES webhook_deliveries (id),
                number INTEGER NOT NULL,
                attempted_at INTEGER NOT NULL,
                status_code INTEGER,
                error TEXT,
                duration_ms REAL NOT NULL
            );
            CREATE INDEX webhook_attempts_by_delivery ON webhook_attempts (delivery_id, number);
            """),
    ];
}
