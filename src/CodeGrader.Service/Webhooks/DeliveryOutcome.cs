namespace CodeGrader.Service.Webhooks;

/// <summary>What one signed request got: the status code (null when none came back) or the error, and how long it took.</summary>
public sealed record DeliveryOutcome(int? StatusCode, string? Error, TimeSpan Duration)
{
    public bool Succeeded => StatusCode is >= 200 and < 300;
}
