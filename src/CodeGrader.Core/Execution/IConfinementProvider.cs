namespace CodeGrader.Core.Execution;

/// <summary>
/// Finds out how candidates' workers can be confined on this machine: the seam between the engine and a sandbox
/// implementation (the Linux one is CodeGrader.Sandbox). Detects once and caches; never throws for an unavailable
/// sandbox, it says why in <see cref="ConfinementStatus.Problem"/>.
/// </summary>
public interface IConfinementProvider
{
    ConfinementStatus Detect();
}
