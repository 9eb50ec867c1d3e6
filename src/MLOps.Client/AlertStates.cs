namespace MLOps.Client;

/// <summary>The states of an <see cref="Alert"/>.</summary>
public static class AlertStates
{
    /// <summary>The rule's condition held in the alert's window and in every judged window since.</summary>
    public const string Firing = "FIRING";

    /// <summary>A later window cleared the condition.</summary>
    public const string Resolved = "RESOLVED";
}
