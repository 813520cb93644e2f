using CodeGrader.Sandbox.Tests;

namespace CodeGrader.Core.Tests.Security;

/// <summary>
/// Several test requests are in flight on one worker (TestPipeline), and a submission can read what waits on its
/// request channel (descriptor 3). The candidate sees a sample test in full, so no hidden test's request may be in the
/// channel while a sample runs: every sample's answer is in before the first hidden request is written.
/// </summary>
public sealed class SampleBarrierTests
{
    [SandboxFact]
    public async Task A_sample_that_reads_its_request_channel_finds_no_hidden_request_there()
    {
        // In each sample: wait until the host has written all it will, then read (without blocking) whatever waits on
        // descriptor 3, and print it and return it, where the candidate's report shows both.
        var graded = await HostileGrading.GradeAsync("""
            import os, select, time


            def lookup(key):
                if not key.startswith("sample-key"):
                    return "nope"
                time.sleep(0.3)
                waiting = b""
                while select.select([3], [], [], 0)[0]:
                    chunk = os.read(3, 1 << 16)
                    if not chunk:
                        break
                    waiting += chunk
                print("waiting on the channel:", waiting)
                return "found " + repr(waiting)
            """);

        graded.ShouldPassNoHiddenTest().ShouldShowTheCandidateNothingHidden();
        graded.Test("sample first").Stdout.ShouldNotBeNull().ShouldContain("sample-key-2",
            customMessage: "the read works: the other sample's request was waiting (several are in flight)\n" + graded.AuthorText);
        await HostileGrading.HostStillGradesCorrectlyAsync();
    }
}
