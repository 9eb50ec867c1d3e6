namespace MLOps.Storage.Tracking.Search;

/// <summary>What a filter or order-by field names: a logged metric, param or tag, or a column of the run itself.</summary>
public enum RunFilterEntity
{
    /// <summary>The run's latest value of a metric (<c>metrics.&lt;key&gt;</c>).</summary>
    Metric,

    /// <summary>A param of the run (<c>params.&lt;key&gt;</c>).</summary>
    Param,

    /// <summary>A tag of the run (<c>tags.&lt;key&gt;</c>).</summary>
    Tag,

    /// <summary>A run attribute such as <c>status</c> or <c>start_time</c>.</summary>
    Attribute,
}
