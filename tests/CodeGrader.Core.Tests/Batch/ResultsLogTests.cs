using System.Text;
using CodeGrader.Core.Batch;

namespace CodeGrader.Core.Tests.Batch;

public sealed class ResultsLogTests : IDisposable
{
    private readonly BatchFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static byte[] Line(string key) => Encoding.UTF8.GetBytes($"{{\"schema\":\"codegrader/report@1\",\"key\":\"{key}\"}}\n");

    [Fact]
    public void Resuming_keeps_every_complete_line_and_cuts_a_torn_last_one()
    {
        using (var log = ResultsLog.Open(_folder.Output, resume: false))
        {
            log.Append(Line("a"));
            log.Append(Line("b"));
        }
        var path = _folder.OutputFile(ResultsLog.FileName);
        File.AppendAllText(path, "{\"schema\":\"codegrader/report@1\",\"key\":\"c\""); // killed mid-write

        using (var resumed = ResultsLog.Open(_folder.Output, resume: true))
        {
            resumed.Completed.ShouldBe(["a", "b"], ignoreOrder: true);
            resumed.Append(Line("c"));
        }
        File.ReadAllLines(path).Length.ShouldBe(3);
        ResultsLog.Lines(path).Select(l => ResultsLog.KeyOf(l.Line)).ShouldBe(["a", "b", "c"]);
    }

    [Fact]
    public void Lines_longer_than_a_read_come_back_whole_each_with_the_offset_after_its_newline()
    {
        // A report of many large tests is far longer than one 64 KiB read; lines around it are short.
        var big = $"{{\"key\":\"big\",\"pad\":\"{new string('x', 200_000)}\"}}";
        var lines = new[] { "{\"key\":\"a\"}", big, "{\"key\":\"b\"}", big + big[..1_000], "{\"key\":\"c\"}" };
        var path = _folder.OutputFile(ResultsLog.FileName);
        Directory.CreateDirectory(_folder.Output);
        File.WriteAllText(path, string.Join("\n", lines) + "\n{\"key\":\"torn");

        var read = ResultsLog.Lines(path).ToList();

        read.Select(l => Encoding.UTF8.GetString(l.Line)).ShouldBe(lines);
        read.Select(l => l.End).ShouldBe(lines.Select((_, i) => (long)lines.Take(i + 1).Sum(l => l.Length + 1)));
    }

    [Fact]
    public void A_fresh_run_starts_an_empty_log()
    {
        using (var log = ResultsLog.Open(_folder.Output, resume: false)) log.Append(Line("old"));
        using (var fresh = ResultsLog.Open(_folder.Output, resume: false)) fresh.Completed.ShouldBeEmpty();
        new FileInfo(_folder.OutputFile(ResultsLog.FileName)).Length.ShouldBe(0);
    }
}
