using System.Text.Json;
using CodeGrader.Protocol;
using CodeGrader.Worker;

// The worker: one per submission, started by the host inside the sandbox. Python runs on a dedicated
// thread with a 64 MiB stack (deep recursion through C must not overflow 8 MiB); this thread waits for
// it and ends the process with _exit, never finalising Python (which would run the candidate's atexit
// hooks and wait for its threads).
const int StackSize = 64 * 1024 * 1024;

WorkerSettings settings;
try
{
    settings = WorkerSettings.FromEnvironment();
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"codegrader-worker: {e.Message}");
    Libc.Exit(2);
    return;
}

var channel = new FdChannel(settings.ChannelIn, settings.ChannelOut);
var status = 0;
var python = new Thread(() =>
{
    try
    {
        new WorkerLoop(settings, channel).Run();
    }
    catch (Exception e)
    {
        status = 70;
        try
        {
            channel.Write(FrameKind.Fatal, JsonSerializer.SerializeToUtf8Bytes(new FatalMessage(e.Message), ProtocolJson.Default.FatalMessage));
        }
        catch (IOException)
        {
            // The host is gone; the exit status is all that is left to say.
        }
        Console.Error.WriteLine($"codegrader-worker: {e.GetType().Name}: {e.Message}");
    }
}, StackSize) { Name = "codegrader-python" };
python.Start();
python.Join();
Libc.Exit(status);
