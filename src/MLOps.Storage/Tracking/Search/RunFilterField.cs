namespace MLOps.Storage.Tracking.Search;

/// <summary>
/// A field a filter compares or a search orders by. For attributes <see cref="Key"/> is the canonical attribute
/// name (<c>user_id</c> is read as <c>created_by</c>); otherwise it is the metric, param or tag key as written.
/// </summary>
public sealed record RunFilterField(RunFilterEntity Entity, string Key)
{
    /// <summary>The field in filter syntax, e.g. <c>metrics.accuracy</c> or <c>params.`learning rate`</c>.</summary>
    public override string ToString()
    {
        var prefix = Entity switch
        {
            RunFilterEntity.Metric => "metrics.",
            RunFilterEntity.Param => "params.",
            RunFilterEntity.Tag => "tags.",
            _ => "attributes.",
        };
        return prefix + (Key.All(RunFilterLexer.IsWordChar) && Key.Length > 0 ? Key : "`" + Key.Replace("`", "``", StringComparison.Ordinal) + "`");
    }
}
