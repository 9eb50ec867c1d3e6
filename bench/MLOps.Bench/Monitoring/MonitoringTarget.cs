namespace MLOps.Bench.Monitoring;

/// <summary>One line of the suite's verdict: what was measured, its value, the target and whether it was met (null: no target).</summary>
internal sealed record MonitoringTarget(string What, string Value, string Goal, bool? Met)
{
    public override string ToString() =>
        $"  {What,-56} {Value,24}   {(Met is null ? Goal : $"target {Goal,-12} {(Met.Value ? "PASS" : "FAIL")}")}";
}
