using CodeGrader.Service.Storage.Sql;

namespace CodeGrader.Service.Tests;

/// <summary>The schema's migrations as nodes meet them: applied once, whatever the order or the number of nodes.</summary>
public sealed class MigrationTests
{
    private static readonly int[] Steps = [.. Migrations.All.Select(m => m.Number)];

    [Fact]
    public void The_steps_are_numbered_one_by_one_from_1()
    {
        Steps.ShouldBe(Enumerable.Range(1, Steps.Length));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Both), MemberType = typeof(TestDatabase))]
    public async Task Migrating_a_database_already_up_to_date_applies_nothing_and_changes_nothing(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var data = RunningServer.NewDataDirectory();
        Directory.CreateDirectory(data);
        try
        {
            await using var node = Node(database, data);
            (await node.MigrateAsync(CancellationToken.None)).ShouldBe(Steps);
            var recorded = await database.RowsAsync(data, "SELECT number || ' ' || applied_at FROM schema_migrations ORDER BY number");
            (await node.MigrateAsync(CancellationToken.None)).ShouldBeEmpty();
            (await database.RowsAsync(data, "SELECT number || ' ' || applied_at FROM schema_migrations ORDER BY number")).ShouldBe(recorded);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Both), MemberType = typeof(TestDatabase))]
    public async Task Four_nodes_migrating_the_same_database_at_once_apply_each_step_exactly_once(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var data = RunningServer.NewDataDirectory();
        Directory.CreateDirectory(data);
        try
        {
            var nodes = Enumerable.Range(0, 4).Select(_ => Node(database, data)).ToList(); // each with its own connections
            using var start = new Barrier(nodes.Count);
            var applied = await Task.WhenAll(nodes.Select(n => Task.Run(() =>
            {
                start.SignalAndWait();
                return n.MigrateAsync(CancellationToken.None);
            })));
            applied.SelectMany(a => a).Order().ShouldBe(Steps);
            applied.Count(a => a.Count > 0).ShouldBe(1);
            (await database.RowsAsync(data, "SELECT number FROM schema_migrations ORDER BY number")).ShouldBe(Steps.Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            foreach (var node in nodes) await node.DisposeAsync();
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    private static SqlDatabase Node(TestDatabase database, string data) => new(database.Provider == TestDatabase.Postgres
        ? new PostgresDialect(database.ConnectionString!)
        : new SqliteDialect(Path.Combine(data, "codegrader.db")));
}
