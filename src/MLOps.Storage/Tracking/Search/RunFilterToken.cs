namespace MLOps.Storage.Tracking.Search;

/// <summary>
/// A token of filter text. <see cref="Text"/> is the source slice. For strings <see cref="Value"/> is the
/// unescaped content; for words with a quoted key (<c>metrics.`f1 score`</c>) it is the key and
/// <see cref="Prefix"/> the part before the dot (null for a bare quoted name).
/// </summary>
internal readonly record struct RunFilterToken(RunFilterTokenKind Kind, int Position, string Text, string? Value = null, string? Prefix = null)
{
    /// <summary>Whether this is the unquoted keyword (case-insensitive).</summary>
    public bool Is(string keyword) =>
        Kind == RunFilterTokenKind.Word && Value is null && string.Equals(Text, keyword, StringComparison.OrdinalIgnoreCase);
}
