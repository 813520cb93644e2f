namespace CodeGrader.Worker.ForkServer;

/// <summary>
/// What <c>bwrap --disable-userns</c> gives a worker started afresh, done by the zygote for all its children: no
/// process in the zygote's user namespace (or below) may create another one. The zygote sets
/// <c>user.max_user_namespaces</c> to 0 in its own user namespace through a private proc mount in its own scratch
/// (bubblewrap's /proc/sys is read-only), then takes that mount away. Runs once, before the zygote says Ready.
/// </summary>
internal static class UserNamespaceLimit
{
    private const string MountPoint = "/tmp/.codegrader-proc";

    public static void ForbidNewUserNamespaces()
    {
        Directory.CreateDirectory(MountPoint);
        if (Kernel.Mount("proc", MountPoint, "proc", Kernel.MS_NOSUID | Kernel.MS_NODEV | Kernel.MS_NOEXEC, null) != 0)
            throw new IOException($"cannot mount a private /proc to forbid user namespaces (errno {Kernel.Errno})");
        try
        {
            File.WriteAllText(Path.Combine(MountPoint, "sys", "user", "max_user_namespaces"), "0");
        }
        finally
        {
            _ = Kernel.Umount2(MountPoint, Kernel.MNT_DETACH);
            Directory.Delete(MountPoint);
        }
    }
}
