namespace MLOps.Samples.MonitorDrift;

/// <summary>One request sent to the deployment: the answer's id (what labels refer to), the row, the served probability and the true label.</summary>
internal sealed record ServedRequest(string Id, float[] Row, float Probability, int Label)
{
    /// <summary>The class the server logs for a single probability output: "1" when p ≥ 0.5.</summary>
    public int Predicted => Probability >= 0.5f ? 1 : 0;
}
