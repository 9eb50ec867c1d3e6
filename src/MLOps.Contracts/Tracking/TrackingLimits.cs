namespace MLOps.Contracts.Tracking;

/// <summary>
/// Limits on what runs and experiments hold, at least MLflow's so logging habits carry over. Every breach is a
/// LIMIT_EXCEEDED (counts) or VALIDATION (sizes, names) error that names the limit.
/// </summary>
public static class TrackingLimits
{
    /// <summary>Longest experiment name.</summary>
    public const int ExperimentNameLength = 500;
    /// <summary>Longest run name.</summary>
    public const int RunNameLength = 250;
    /// <summary>Longest metric, param or tag key.</summary>
    public const int KeyLength = 250;
    /// <summary>Longest param value.</summary>
    public const int ParamValueLength = 6000;
    /// <summary>Longest tag value.</summary>
    public const int TagValueLength = 8000;
    /// <summary>Most metric points in one batch.</summary>
    public const int MetricsPerBatch = 1000;
    /// <summary>Most params in one batch.</summary>
    public const int ParamsPerBatch = 100;
    /// <summary>Most tags in one batch.</summary>
    public const int TagsPerBatch = 100;
    /// <summary>Longest client batch id.</summary>
    public const int BatchIdLength = 128;
    /// <summary>Most dataset inputs logged in one call.</summary>
    public const int DatasetsPerCall = 100;
    /// <summary>Longest dataset name.</summary>
    public const int DatasetNameLength = 500;
    /// <summary>Longest dataset digest.</summary>
    public const int DatasetDigestLength = 64;
    /// <summary>Longest artifact path under a run.</summary>
    public const int ArtifactPathLength = 1000;

    /// <summary>Checks a batch against every limit and key rule, before anything is written.</summary>
    /// <exception cref="MLOpsException">LIMIT_EXCEEDED for counts, VALIDATION for the rest.</exception>
    public static void Check(RunBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Metrics.Count > MetricsPerBatch)
        {
            throw new MLOpsException(ErrorCodes.LimitExceeded,
                $"A batch holds at most {MetricsPerBatch} metrics; this one has {batch.Metrics.Count}. Split it into several batches.");
        }

        if (batch.Params.Count > ParamsPerBatch)
        {
            throw new MLOpsException(ErrorCodes.LimitExceeded,
                $"A batch holds at most {ParamsPerBatch} params; this one has {batch.Params.Count}. Split it into several batches.");
        }

        if (batch.Tags.Count > TagsPerBatch)
        {
            throw new MLOpsException(ErrorCodes.LimitExceeded,
                $"A batch holds at most {TagsPerBatch} tags; this one has {batch.Tags.Count}. Split it into several batches.");
        }

        if (batch.BatchId is { } id && (id.Length is 0 or > BatchIdLength || id.Any(char.IsControl)))
        {
            throw MLOpsException.Invalid($"A batch id is 1 to {BatchIdLength} printable characters.");
        }

        foreach (var metric in batch.Metrics)
        {
            // NaN and the infinities are values, as in MLflow, and are stored as they are.
            CheckKey(metric.Key, "metric");
        }

        var seenParams = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var param in batch.Params)
        {
            CheckKey(param.Key, "param");
            CheckValue(param.Value, ParamValueLength, $"param '{param.Key}'");
            if (seenParams.TryGetValue(param.Key, out var earlier) && earlier != param.Value)
            {
                throw MLOpsException.Conflict($"The batch sets param '{param.Key}' twice with different values; a param is written once.");
            }

            seenParams[param.Key] = param.Value;
        }

        foreach (var tag in batch.Tags)
        {
            CheckTag(tag);
        }
    }

    /// <summary>Checks a tag's key and value (runs and experiments alike).</summary>
    /// <exception cref="MLOpsException">VALIDATION naming the rule.</exception>
    public static void CheckTag(KeyValue tag)
    {
        ArgumentNullException.ThrowIfNull(tag);
        CheckKey(tag.Key, "tag");
        CheckValue(tag.Value, TagValueLength, $"tag '{tag.Key}'");
    }

    /// <summary>Keys are 1 to 250 characters of letters, digits and _ - . / and spaces, as in MLflow.</summary>
    public static void CheckKey(string key, string what)
    {
        if (string.IsNullOrEmpty(key) || key.Length > KeyLength)
        {
            throw MLOpsException.Invalid($"A {what} key is 1 to {KeyLength} characters; got {(key is null ? "none" : key.Length + " characters")}.");
        }

        foreach (var c in key)
        {
            if (!(char.IsLetterOrDigit(c) || c is '_' or '-' or '.' or '/' or ' ' or ':'))
            {
                throw MLOpsException.Invalid(
                    $"The {what} key '{key}' has the character '{c}'; keys use letters, digits, spaces and _ - . / : only.");
            }
        }

        if (key.Contains("..", StringComparison.Ordinal) || key.StartsWith('/'))
        {
            throw MLOpsException.Invalid($"The {what} key '{key}' must not start with '/' or contain '..'.");
        }
    }

    private static void CheckValue(string value, int max, string what)
    {
        if (value is null || value.Length > max)
        {
            throw MLOpsException.Invalid($"The value of {what} is at most {max} characters; got {value?.Length ?? 0}.");
        }
    }
}
