using System.Net;
using System.Text.Json;

namespace CodeGrader.Service.Tests;

/// <summary>Stopping and starting again on the same data directory and database: nothing is lost (SQLite and PostgreSQL).</summary>
public sealed class RestartTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Both), MemberType = typeof(TestDatabase))]
    public async Task A_restart_on_the_same_data_directory_keeps_keys_exercises_versions_submissions_and_reports_and_makes_no_new_admin_key(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var first = await RunningServer.StartAsync(database: database);
        try
        {
            var authorKey = await first.CreateKeyAsync("author");
            var candidateKey = await first.CreateKeyAsync("candidate");
            long id;
            string reportBefore;
            using (var author = first.Client(authorKey))
            using (var candidate = first.Client(candidateKey))
            {
                await RunningServer.UploadCreatedAsync(author, "marked", Repository.Marked);
                id = await RunningServer.SubmitAsync(candidate, "marked", "def shout(s):\n    return s.upper() + '!'\n");
                reportBefore = (await RunningServer.WaitForEndAsync(candidate, id)).GetProperty("report").GetRawText();
            }
            await first.Server.DisposeAsync();

            await using var second = await RunningServer.StartAsync(first.DataDirectory, first.AdminKey, database: database);
            second.Server.FirstAdminKey.ShouldBeNull();
            using var candidateAgain = second.Client(candidateKey);
            using var authorAgain = second.Client(authorKey);
            var after = JsonDocument.Parse(await candidateAgain.GetStringAsync($"/api/v1/submissions/{id}")).RootElement;
            after.GetProperty("verdict").GetString().ShouldBe("accepted");
            after.GetProperty("report").GetRawText().ShouldBe(reportBefore);
            (await candidateAgain.GetStringAsync("/api/v1/exercises/marked")).ShouldContain("\"version\":1");
            (await authorAgain.GetStringAsync("/api/v1/exercises/marked/versions")).ShouldContain("\"version\":1");
            using var admin = second.Client(first.AdminKey);
            JsonDocument.Parse(await admin.GetStringAsync("/api/v1/keys")).RootElement.GetArrayLength().ShouldBe(3);
        }
        finally
        {
            first.DeleteData();
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Both), MemberType = typeof(TestDatabase))]
    public async Task Submissions_still_queued_when_the_server_stops_are_graded_after_it_starts_again(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var first = await RunningServer.StartAsync(configure: o => o with { GradingLoops = 1 }, database: database);
        try
        {
            var candidateKey = await first.CreateKeyAsync("candidate");
            var ids = new List<long>();
            using (var author = first.Client(await first.CreateKeyAsync("author")))
                await RunningServer.UploadCreatedAsync(author, "palindrome", Repository.Palindrome);
            using (var candidate = first.Client(candidateKey))
            {
                for (var i = 0; i < 4; i++) ids.Add(await RunningServer.SubmitAsync(candidate, "palindrome", Repository.PalindromeReference));
            }
            await first.Server.DisposeAsync(); // one grading loop: most of the four are still queued

            await using var second = await RunningServer.StartAsync(first.DataDirectory, first.AdminKey, o => o with { GradingLoops = 1 }, database);
            using var again = second.Client(candidateKey);
            foreach (var id in ids)
            {
                var graded = await RunningServer.WaitForEndAsync(again, id);
                graded.GetProperty("status").GetString().ShouldBe("graded");
                graded.GetProperty("verdict").GetString().ShouldBe("accepted");
            }
        }
        finally
        {
            first.DeleteData();
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Both), MemberType = typeof(TestDatabase))]
    public async Task A_grading_under_way_when_the_server_stops_finishes_and_its_report_is_stored_before_the_server_exits(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var running = await RunningServer.StartAsync(configure: o => o with { GradingLoops = 1 }, database: database);
        try
        {
            long id;
            using (var author = running.Client(await running.CreateKeyAsync("author")))
            {
                await RunningServer.UploadCreatedAsync(author, "palindrome", Repository.Palindrome);
                id = await RunningServer.SubmitAsync(author, "palindrome", Repository.PalindromeReference);
                for (var i = 0; i < 300; i++)
                {
                    var status = JsonDocument.Parse(await author.GetStringAsync($"/api/v1/submissions/{id}")).RootElement.GetProperty("status").GetString();
                    if (status != "queued") break;
                    await Task.Delay(20);
                }
            }
            await running.Server.DisposeAsync();

            (await database.RowsAsync(running.DataDirectory, $"SELECT status || ' ' || coalesce(verdict, '') FROM submissions WHERE id = {id}"))
                .ShouldBe(["graded accepted"]);
        }
        finally
        {
            running.DeleteData();
        }
    }
}
