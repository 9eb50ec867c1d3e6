namespace MLOps.Storage.Tracking.Search;

/// <summary>The SQL type a field's values have.</summary>
internal enum RunValueKind
{
    Number,
    Text,
    Uuid,
    Time,
}
