using CodeGrader.Worker;
using CodeGrader.Worker.ForkServer;

// The worker: one per submission, started by the host inside the sandbox; or, with --zygote, a fork
// server's zygote that forks one such worker per submission (ForkServer/ZygoteLoop). Python runs on a dedicated
// thread with a 64 MiB stack (deep recursion through C must not overflow 8 MiB); this thread waits for it and ends
// the process with _exit, never finalising Python (which would run the candidate's atexit hooks and wait for its
// threads).
const int StackSize = 64 * 1024 * 1024;

WorkerSettings settings;
byte[]? seccompFilter = null;
try
{
    settings = WorkerSettings.FromEnvironment(args);
    if (settings.Zygote) seccompFilter = ZygoteSettings.ReadSeccompFilter();
}
catch (Exception e) when (e is ArgumentException or IOException)
{
    Libc.WriteError($"codegrader-worker: {e.Message}");
    Libc.Exit(2);
    return;
}

var status = 0;
var python = new Thread(() =>
{
    if (seccompFilter is not null)
    {
        try
        {
            new ZygoteLoop(settings, new ControlSocket(settings.ChannelIn), seccompFilter).Run();
        }
        catch (Exception e)
        {
            status = 70;
            Libc.WriteError($"codegrader-worker (zygote): {e}");
        }
        return;
    }
    var channel = new FdChannel(settings.ChannelIn, settings.ChannelOut);
    try
    {
        new WorkerLoop(settings, channel).Run();
    }
    catch (Exception e)
    {
        status = 70;
        WorkerFailure.Report(channel, e);
    }
}, StackSize) { Name = "codegrader-python" };
python.Start();
python.Join();
Libc.Exit(status);
