namespace MLOps.Monitoring.Windows;

/// <summary>Combining partial <see cref="WindowProfile"/>s from replicas or threads.</summary>
public sealed partial class WindowProfile
{
    /// <summary>
    /// Folds another profile into this one. Counts, bins, categories, request counts and value frequencies add up
    /// exactly; sketches merge within their rank error; the longest constant streak is the larger of the two.
    /// </summary>
    /// <param name="other">A profile with the same features, k and reference bins; it is not modified.</param>
    public void Merge(WindowProfile other)
    {
        ArgumentNullException.ThrowIfNull(other);
        EnsureCompatible(other);
        Settle();
        other.Settle();
        for (var i = 0; i < _features.Length; i++)
        {
            if (_numeric[i] is { } numeric)
            {
                numeric.Merge(other._numeric[i]!);
            }
            else
            {
                _categorical[i]!.Merge(other._categorical[i]!);
            }
        }

        RequestCount += other.RequestCount;
        FailedRequestCount += other.FailedRequestCount;
        _latency.Merge(other._latency);
    }

    private void EnsureCompatible(WindowProfile other)
    {
        if (other.K != K || !other._features.AsSpan().SequenceEqual(_features))
        {
            throw new ArgumentException("VALIDATION: window profiles merge only with the same features (names, kinds, roles, order) and the same k.", nameof(other));
        }

        for (var i = 0; i < _features.Length; i++)
        {
            if (_numeric[i] is { } numeric && other._numeric[i] is { } theirs
                && (!numeric.Edges.AsSpan().SequenceEqual(theirs.Edges) || !SameBound(numeric.ReferenceMin, theirs.ReferenceMin) || !SameBound(numeric.ReferenceMax, theirs.ReferenceMax)))
            {
                throw new ArgumentException($"VALIDATION: feature '{_features[i].Name}' was profiled against a different reference; build every partial with the same reference profile.", nameof(other));
            }
        }
    }

    private static bool SameBound(double a, double b) => a.Equals(b);
}
