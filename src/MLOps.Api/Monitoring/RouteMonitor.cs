using MLOps.Contracts.Monitoring;
using MLOps.Inference.Protocol;
using MLOps.Monitoring.Profiles;
using MLOps.Monitoring.Windows;

namespace MLOps.Api.Monitoring;

/// <summary>
/// Folds what one deployment serves from one model version into this replica's profile of the current window.
/// A window has several shards (a profile under its own lock), so concurrent folds never wait for each other; the
/// flusher swaps the shards out and merges them. No grain call and no allocation per value.
/// </summary>
public sealed class RouteMonitor
{
    private readonly object _rolling = new();
    private readonly List<WindowBucket> _retired = [];
    private readonly List<WindowBucket> _draining = [];
    private WindowBucket _bucket;
    private long _samplingSecond;
    private long _requestsThisSecond;
    private long _loggedThisSecond;
    private double _logShare = 1.0;

    public RouteMonitor(string deployment, string modelName, int version, string layoutKey, FeatureLayout layout, ReferenceProfile? reference, MonitoringSpec spec)
    {
        Deployment = deployment;
        ModelName = modelName;
        Version = version;
        LayoutKey = layoutKey;
        Layout = layout;
        Reference = reference;
        Spec = spec;
        _bucket = new WindowBucket(DateTimeOffset.MinValue);
    }

    public string Deployment { get; }

    public string ModelName { get; }

    public int Version { get; }

    /// <summary>Identifies the layout and reference the profiles were built for; a new one starts a new monitor.</summary>
    public string LayoutKey { get; }

    public FeatureLayout Layout { get; }

    public ReferenceProfile? Reference { get; }

    public MonitoringSpec Spec { get; }

    public WindowProfile NewProfile() => new(Layout.Features, Reference);

    /// <summary>
    /// Profiles the current window holds in memory (for tests and diagnostics): one per shard that folded since the
    /// last flush took it, none while the route is idle.
    /// </summary>
    public int HeldProfiles => _bucket.HeldProfiles;

    /// <summary>
    /// Whether to log this request: with the spec's sample rate, lowered to about
    /// <paramref name="requestsPerSecond"/> logged requests a second when the traffic of the last second was higher.
    /// </summary>
    public bool SampleForLog(int requestsPerSecond)
    {
        var second = Environment.TickCount64 / 1000;
        if (second != Volatile.Read(ref _samplingSecond))
        {
            lock (_rolling)
            {
                if (second != _samplingSecond)
                {
                    var last = Interlocked.Exchange(ref _requestsThisSecond, 0);
                    Interlocked.Exchange(ref _loggedThisSecond, 0);
                    Volatile.Write(ref _logShare, second == _samplingSecond + 1 && last > requestsPerSecond ? (double)requestsPerSecond / last : 1.0);
                    Volatile.Write(ref _samplingSecond, second);
                }
            }
        }

        Interlocked.Increment(ref _requestsThisSecond);
        var probability = Math.Min(Spec.SampleRate, Volatile.Read(ref _logShare));
        var sampled = probability >= 1 || (probability > 0 && Random.Shared.NextDouble() < probability);

        // The share comes from the last second's traffic; the count keeps a burst after a quiet second under the cap too.
        return sampled && Interlocked.Increment(ref _loggedThisSecond) <= requestsPerSecond;
    }

    /// <summary>Folds one answered (or failed) request into the window holding <paramref name="at"/>.</summary>
    public void Fold(DateTimeOffset at, InferenceRequest request, InferenceResponse? response, double latencyMilliseconds)
    {
        ArgumentNullException.ThrowIfNull(request);
        var start = DriftWindowKey.StartOf(at, Spec.WindowSeconds);
        var bucket = _bucket;
        if (bucket.Start != start)
        {
            bucket = Roll(start);
        }

        var shard = bucket.Enter();
        try
        {
            // Made on first use, after each flush: an idle window holds no profile, and folds always go into state
            // allocated where they run rather than into a profile that sat empty through the idle time.
            var profile = shard.Profile ??= NewProfile();
            if (response is not null)
            {
                foreach (var tensor in Layout.Inputs)
                {
                    if (TensorLookup.Input(request, tensor.Name) is { } input)
                    {
                        TensorFolder.Fold(profile, tensor, input.Data);
                    }
                }

                foreach (var tensor in Layout.Outputs)
                {
                    if (TensorLookup.Output(response, tensor.Name) is { } output)
                    {
                        TensorFolder.Fold(profile, tensor, output.Data);
                    }
                }
            }

            profile.RecordRequests(1, response is null ? 1 : 0, latencyMilliseconds);
        }
        finally
        {
            Monitor.Exit(shard);
        }
    }

    /// <summary>Takes what was folded since the last call, per window, merged across shards; empty windows are skipped.</summary>
    public IReadOnlyList<(DateTimeOffset Start, WindowProfile Profile)> TakePartials()
    {
        List<WindowBucket> buckets;
        lock (_rolling)
        {
            // A retired window is taken on two flushes: a request that picked its bucket just before the roll may
            // still be folding into it during the first.
            buckets = [.. _draining, .. _retired, _bucket];
            _draining.Clear();
            _draining.AddRange(_retired);
            _retired.Clear();
        }

        var partials = new List<(DateTimeOffset, WindowProfile)>();
        foreach (var bucket in buckets)
        {
            if (bucket.Take() is { } merged)
            {
                partials.Add((bucket.Start, merged));
            }
        }

        return partials;
    }

    private WindowBucket Roll(DateTimeOffset start)
    {
        lock (_rolling)
        {
            if (_bucket.Start != start)
            {
                if (_bucket.Start != DateTimeOffset.MinValue)
                {
                    _retired.Add(_bucket);
                }

                _bucket = new WindowBucket(start);
            }

            return _bucket;
        }
    }

    /// <summary>One window's shards.</summary>
    private sealed class WindowBucket(DateTimeOffset start)
    {
        // Twice as many shards as processors, taken without waiting when one is free: a thread preempted while
        // folding holds its shard, and the others go round it instead of spinning on its lock.
        private readonly Shard[] _shards = [.. Enumerable.Range(0, 2 * Environment.ProcessorCount).Select(_ => new Shard())];

        public DateTimeOffset Start => start;

        public int HeldProfiles => _shards.Count(shard => shard.Profile is not null);

        /// <summary>
        /// Locks the first free shard, waiting only when every shard is busy. Lowest first, not the processor's own:
        /// folds mostly come one at a time from the batcher's thread, and one profile then stays warm in the cache
        /// where spreading them would keep several profiles' state half cold.
        /// </summary>
        public Shard Enter()
        {
            foreach (var shard in _shards)
            {
                if (Monitor.TryEnter(shard))
                {
                    return shard;
                }
            }

            var fallback = _shards[Thread.GetCurrentProcessorId() % _shards.Length];
            Monitor.Enter(fallback);
            return fallback;
        }

        public WindowProfile? Take()
        {
            WindowProfile? merged = null;
            foreach (var shard in _shards)
            {
                WindowProfile taken;
                lock (shard)
                {
                    if (shard.Profile is not { IsEmpty: false } profile)
                    {
                        continue;
                    }

                    taken = profile;
                    shard.Profile = null;
                }

                if (merged is null)
                {
                    merged = taken;
                }
                else
                {
                    merged.Merge(taken);
                }
            }

            return merged;
        }
    }

    /// <summary>A profile, made by the first fold after a flush, and the lock that guards it.</summary>
    private sealed class Shard
    {
        public WindowProfile? Profile { get; set; }
    }
}
