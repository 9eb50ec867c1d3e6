namespace MLOps.Storage.Tracking.Search;

/// <summary>The empty filter: every run matches.</summary>
public sealed class RunFilterAll : RunFilter
{
    private RunFilterAll()
    {
    }

    /// <summary>The only instance.</summary>
    public static RunFilterAll Instance { get; } = new();

    /// <inheritdoc />
    public override string ToString() => string.Empty;
}
