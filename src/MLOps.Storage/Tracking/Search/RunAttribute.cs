namespace MLOps.Storage.Tracking.Search;

/// <summary>A searchable column of <c>runs</c>, under its filter name.</summary>
internal sealed record RunAttribute(string Name, string Column, RunValueKind Kind, bool Nullable)
{
    public const string Status = "status";

    /// <summary>The run statuses, compared case-sensitively as MLflow does.</summary>
    public static readonly IReadOnlyList<string> Statuses = ["RUNNING", "SCHEDULED", "FINISHED", "FAILED", "KILLED"];

    public static readonly IReadOnlyList<RunAttribute> All =
    [
        new("run_id", "r.id", RunValueKind.Uuid, false),
        new("run_name", "r.name", RunValueKind.Text, false),
        new(Status, "r.status", RunValueKind.Text, false),
        new("start_time", "r.start_time", RunValueKind.Time, false),
        new("end_time", "r.end_time", RunValueKind.Time, true),
        new("experiment_id", "r.experiment_id", RunValueKind.Uuid, false),
        new("created_by", "r.created_by", RunValueKind.Text, false),
    ];

    /// <summary>The allowed names, for error messages.</summary>
    public static string AllowedNames => string.Join(", ", All.Select(a => a.Name)) + " (or its alias user_id)";

    /// <summary>The attribute with this name or alias (case-insensitive), or null.</summary>
    public static RunAttribute? Find(string name)
    {
        var canonical = string.Equals(name, "user_id", StringComparison.OrdinalIgnoreCase) ? "created_by" : name;
        return All.FirstOrDefault(a => string.Equals(a.Name, canonical, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The attribute a field names; the field must be an attribute field produced by the parser.</summary>
    public static RunAttribute Of(RunFilterField field) =>
        Find(field.Key) ?? throw new ArgumentException($"'{field.Key}' is not a run attribute.", nameof(field));

    /// <summary>The SQL type of a field's values.</summary>
    public static RunValueKind KindOf(RunFilterField field) => field.Entity switch
    {
        RunFilterEntity.Metric => RunValueKind.Number,
        RunFilterEntity.Attribute => Of(field).Kind,
        _ => RunValueKind.Text,
    };
}
