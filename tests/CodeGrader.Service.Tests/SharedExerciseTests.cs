using System.Net;
using System.Text.Json;

namespace CodeGrader.Service.Tests;

/// <summary>Exercise versions live in the database; a node's folders are only a cache it can rebuild, and an upload the
/// database refuses half-way leaves nothing behind.</summary>
public sealed class SharedExerciseTests
{
    private const string Shout = "def shout(s):\n    return s.upper() + '!'\n";

    [Fact]
    public async Task A_second_server_on_another_data_directory_sharing_the_postgresql_database_grades_an_exercise_uploaded_to_the_first()
    {
        await using var database = await TestDatabase.CreateAsync(TestDatabase.Postgres);
        await using var first = await RunningServer.StartAsync(database: database);
        await using var second = await RunningServer.StartAsync(adminKey: first.AdminKey, database: database);
        second.Server.FirstAdminKey.ShouldBeNull();
        second.DataDirectory.ShouldNotBe(first.DataDirectory);
        var candidateKey = await first.CreateKeyAsync("candidate");
        using (var author = first.Client(await first.CreateKeyAsync("author")))
            await RunningServer.UploadCreatedAsync(author, "marked", Repository.Marked);
        var cached = Path.Combine(second.DataDirectory, "exercises", "marked", "versions", "1", "marked");
        Directory.Exists(cached).ShouldBeFalse();

        using var candidate = second.Client(candidateKey);
        JsonDocument.Parse(await candidate.GetStringAsync("/api/v1/exercises/marked")).RootElement.GetProperty("version").GetInt32().ShouldBe(1);
        var id = await RunningServer.SubmitAsync(candidate, "marked", Shout);
        var graded = await RunningServer.WaitForEndAsync(candidate, id);
        graded.GetProperty("verdict").GetString().ShouldBe("accepted");
        File.Exists(Path.Combine(cached, "exercise.yaml")).ShouldBeTrue();
        Directory.GetDirectories(Path.GetDirectoryName(cached)!).ShouldBe([cached]); // no temporary folder left
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Both), MemberType = typeof(TestDatabase))]
    public async Task A_version_whose_folder_is_gone_is_unpacked_again_from_the_database(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var first = await RunningServer.StartAsync(database: database);
        try
        {
            var candidateKey = await first.CreateKeyAsync("candidate");
            using (var author = first.Client(await first.CreateKeyAsync("author")))
                await RunningServer.UploadCreatedAsync(author, "marked", Repository.Marked);
            await first.Server.DisposeAsync();
            Directory.Delete(Path.Combine(first.DataDirectory, "exercises"), recursive: true);

            await using var again = await RunningServer.StartAsync(first.DataDirectory, first.AdminKey, database: database);
            using var candidate = again.Client(candidateKey);
            var id = await RunningServer.SubmitAsync(candidate, "marked", Shout);
            (await RunningServer.WaitForEndAsync(candidate, id)).GetProperty("verdict").GetString().ShouldBe("accepted");
        }
        finally
        {
            first.DeleteData();
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Both), MemberType = typeof(TestDatabase))]
    public async Task An_upload_the_database_refuses_half_way_stores_no_version_and_no_folder_and_the_next_upload_is_version_1(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var running = await RunningServer.StartAsync(database: database);
        using var author = running.Client(await running.CreateKeyAsync("author"));
        // The version row goes in first; the archive after it fails, inside the same transaction.
        await database.ExecuteAsync(running.DataDirectory, provider == TestDatabase.Postgres
            ? """
              CREATE FUNCTION refuse_archive() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused by the test'; END $$;
              CREATE TRIGGER refuse_archive BEFORE INSERT ON exercise_archives FOR EACH ROW EXECUTE FUNCTION refuse_archive();
              """
            : "CREATE TRIGGER refuse_archive BEFORE INSERT ON exercise_archives BEGIN SELECT RAISE(ABORT, 'refused by the test'); END;");

        using (var refused = await RunningServer.UploadAsync(author, "marked", Repository.Marked))
        {
            refused.StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
            refused.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        }
        (await database.RowsAsync(running.DataDirectory, "SELECT count(*) FROM exercise_versions")).ShouldBe(["0"]);
        (await database.RowsAsync(running.DataDirectory, "SELECT count(*) FROM exercise_archives")).ShouldBe(["0"]);
        Directory.Exists(Path.Combine(running.DataDirectory, "exercises", "marked")).ShouldBeFalse();
        (await author.GetAsync("/api/v1/exercises/marked")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        await database.ExecuteAsync(running.DataDirectory, provider == TestDatabase.Postgres
            ? "DROP TRIGGER refuse_archive ON exercise_archives" : "DROP TRIGGER refuse_archive");
        using var accepted = await RunningServer.UploadAsync(author, "marked", Repository.Marked);
        accepted.StatusCode.ShouldBe(HttpStatusCode.Created);
        JsonDocument.Parse(await accepted.Content.ReadAsStringAsync()).RootElement.GetProperty("version").GetInt32().ShouldBe(1);
    }
}
