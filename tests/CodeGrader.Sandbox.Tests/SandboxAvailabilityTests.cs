using CodeGrader.Core.Execution;
using CodeGrader.Sandbox.Bubblewrap;

namespace CodeGrader.Sandbox.Tests;

public class SandboxAvailabilityTests
{
    [SandboxFact]
    public void The_sandbox_is_available_here_and_describes_itself()
    {
        var status = SandboxAvailability.Detect();

        status.IsAvailable.ShouldBeTrue(status.Problem);
        status.Confinement!.IsConfined.ShouldBeTrue();
        status.Confinement.Description.ShouldStartWith("bubblewrap ");
        status.Confinement.Description.ShouldContain("seccomp");
        status.Select(allowUnconfined: false).ShouldBeSameAs(status.Confinement);
    }

    [SandboxFact(needsCgroup: true)]
    public void The_description_names_the_cgroup_flavour()
    {
        SandboxAvailability.Detect().Confinement!.Description.ShouldMatch(@"cgroup v[12] \(");
    }

    [Fact]
    public void Without_bubblewrap_the_sandbox_is_unavailable_and_says_why()
    {
        var status = SandboxAvailability.Probe(bubblewrap: "/nonexistent/bwrap");

        status.IsAvailable.ShouldBeFalse();
        status.Problem.ShouldNotBeNull().ShouldContain("not installed");
    }

    [Fact]
    public void A_bubblewrap_that_does_not_work_makes_the_sandbox_unavailable()
    {
        var status = SandboxAvailability.Probe(bubblewrap: "/bin/false", useCgroups: false);

        status.IsAvailable.ShouldBeFalse();
        status.Problem.ShouldNotBeNull().ShouldContain("failed");
    }

    [Fact]
    public void Grading_without_the_sandbox_needs_the_explicit_opt_out()
    {
        var unavailable = new ConfinementStatus(null, "bubblewrap (bwrap) is not installed.");

        Should.Throw<SandboxUnavailableException>(() => unavailable.Select(allowUnconfined: false))
            .Message.ShouldContain("--no-sandbox");
        unavailable.Select(allowUnconfined: true).ShouldBeSameAs(NoConfinement.Instance);
        NoConfinement.Instance.IsConfined.ShouldBeFalse();
    }

    [SandboxFact]
    public void Without_cgroups_the_sandbox_degrades_to_rlimits_and_says_so()
    {
        var status = SandboxAvailability.Probe(useCgroups: false);

        status.IsAvailable.ShouldBeTrue(status.Problem);
        var sandbox = status.Confinement.ShouldBeOfType<BubblewrapConfinement>();
        sandbox.HasCgroup.ShouldBeFalse();
        sandbox.Description.ShouldContain("rlimits only");
    }
}
