using System.Text;

namespace CodeGrader.Service.Tests;

/// <summary>What an operator finds in the database and the data directory; every test runs on SQLite and on PostgreSQL.</summary>
public abstract class StorageTests(ServiceFixture fixture)
{
    private RunningServer Running => fixture.Running;

    [Fact]
    public async Task The_database_holds_api_keys_only_as_sha256_hashes()
    {
        var key = await Running.CreateKeyAsync("candidate", "hash check");
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(key)));
        (await RowsAsync("SELECT hash FROM api_keys WHERE name = 'hash check'")).ShouldBe([hash]);
        (await RowsAsync("SELECT name || ' ' || role || ' ' || hash FROM api_keys")).ShouldAllBe(row => !row.Contains(key));
        foreach (var file in Directory.GetFiles(Running.DataDirectory, "codegrader.db*"))
            Encoding.ASCII.GetString(ReadShared(file)).ShouldNotContain(key);
    }

    [Fact]
    public async Task An_invitation_token_is_stored_only_as_its_sha256_hash()
    {
        var issued = await Running.InviteAsync(fixture.Keys["author"], "marked", 1, label: "token hash check");
        var token = issued.GetProperty("token").GetString()!;
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(token)));
        (await RowsAsync("SELECT hash FROM invitations WHERE label = 'token hash check'")).ShouldBe([hash]);
        foreach (var file in Directory.GetFiles(Running.DataDirectory, "codegrader.db*"))
            Encoding.ASCII.GetString(ReadShared(file)).ShouldNotContain(token);
    }

    [Fact]
    public async Task The_schema_is_made_by_numbered_migrations_recorded_in_the_database()
    {
        (await RowsAsync("SELECT number FROM schema_migrations ORDER BY number"))
            .ShouldBe(CodeGrader.Service.Storage.Sql.Migrations.All.Select(m => m.Number.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task Each_published_version_keeps_its_archive_in_the_database_and_a_folder_of_its_own_in_the_nodes_cache()
    {
        (await RowsAsync("SELECT length(sha256) FROM exercise_archives WHERE exercise = 'palindrome' AND version = 1")).ShouldBe(["64"]);
        File.Exists(Path.Combine(Running.DataDirectory, "exercises", "palindrome", "versions", "1", "palindrome", "exercise.yaml")).ShouldBeTrue();
    }

    [Fact]
    public async Task Listing_submissions_with_and_without_each_filter_answers_on_this_database()
    {
        using var author = Running.Client(fixture.Keys["author"]);
        foreach (var query in new[] { "", "?exercise=palindrome", "?status=graded&verdict=accepted", "?limit=5" })
        {
            using var response = await author.GetAsync("/api/v1/submissions" + query);
            response.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK, query + " " + await response.Content.ReadAsStringAsync());
        }
    }

    private Task<List<string>> RowsAsync(string sql) => fixture.Database.RowsAsync(Running.DataDirectory, sql);

    private static byte[] ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}

[Collection(ServiceCollection.Name)]
public sealed class SqliteStorageTests(ServiceFixture fixture) : StorageTests(fixture);

[Collection(PostgresServiceCollection.Name)]
public sealed class PostgresStorageTests(PostgresServiceFixture fixture) : StorageTests(fixture);
