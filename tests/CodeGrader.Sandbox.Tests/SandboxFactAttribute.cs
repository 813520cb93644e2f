using CodeGrader.Sandbox.Bubblewrap;

namespace CodeGrader.Sandbox.Tests;

/// <summary>
/// A test that needs the real sandbox (bubblewrap, and a cgroup when <see cref="NeedsCgroup"/>). On a developer
/// machine without it the test is skipped with the reason; under CI (<c>CI=true</c>) it runs and fails instead,
/// so a missing install step can never pass unnoticed.
/// <para>Shared with CodeGrader.Core.Tests (its security suite), which compiles this file as a link: it uses the
/// sandbox's public surface only.</para>
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class SandboxFactAttribute : FactAttribute
{
    public SandboxFactAttribute(bool needsCgroup = false)
    {
        NeedsCgroup = needsCgroup;
        if (IsCi) return;
        var status = LinuxSandbox.Instance.Detect();
        if (!status.IsAvailable) Skip = $"sandbox unavailable: {status.Problem} (run scripts/setup.sh)";
        else if (needsCgroup && status.Confinement is BubblewrapConfinement { HasCgroup: false } sandbox) Skip = $"no cgroup: {sandbox.CgroupProblem}";
    }

    public bool NeedsCgroup { get; }

    private static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
}
