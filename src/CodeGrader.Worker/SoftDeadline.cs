namespace CodeGrader.Worker;

/// <summary>A per-request soft deadline: armed before a request, disarmed after; says whether it fired.</summary>
internal interface ISoftDeadline
{
    void Arm(uint milliseconds);

    /// <summary>Stops the current deadline; true when it had already fired.</summary>
    bool Disarm();
}
