using System.Text;
using Microsoft.Data.Sqlite;

namespace CodeGrader.Service.Tests;

/// <summary>What an operator finds in the data directory.</summary>
[Collection(ServiceCollection.Name)]
public sealed class StorageTests(ServiceFixture fixture)
{
    [Fact]
    public async Task The_database_holds_api_keys_only_as_sha256_hashes()
    {
        var key = await fixture.Running.CreateKeyAsync("candidate", "hash check");
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(key)));
        var stored = Rows("SELECT hash FROM api_keys WHERE name = 'hash check'");
        stored.ShouldBe([hash]);
        foreach (var file in Directory.GetFiles(fixture.Running.DataDirectory, "codegrader.db*"))
            Encoding.ASCII.GetString(ReadShared(file)).ShouldNotContain(key);
    }

    [Fact]
    public void The_schema_is_made_by_numbered_migrations_recorded_in_the_database()
    {
        Rows("SELECT number FROM schema_migrations ORDER BY number").ShouldBe(["1", "2", "3", "4"]);
    }

    [Fact]
    public void Each_published_version_is_a_folder_of_its_own_under_the_data_directory()
    {
        Directory.Exists(Path.Combine(fixture.Running.DataDirectory, "exercises", "palindrome", "versions", "1", "palindrome")).ShouldBeTrue();
        File.Exists(Path.Combine(fixture.Running.DataDirectory, "exercises", "palindrome", "versions", "1", "palindrome", "exercise.yaml")).ShouldBeTrue();
    }

    private List<string> Rows(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(fixture.Running.DataDirectory, "codegrader.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read()) rows.Add(Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)!);
        return rows;
    }

    private static byte[] ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}
