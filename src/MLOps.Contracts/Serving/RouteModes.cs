namespace MLOps.Contracts.Serving;

/// <summary>Route modes.</summary>
public static class RouteModes
{
    /// <summary>Answers requests, in proportion to its weight.</summary>
    public const string Primary = "PRIMARY";

    /// <summary>Gets a copy of the traffic; its answers are measured and discarded.</summary>
    public const string Shadow = "SHADOW";
}
