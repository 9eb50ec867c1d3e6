using System.Collections.Concurrent;
using MLOps.Contracts.Monitoring;
using MLOps.Monitoring.Profiles;

namespace MLOps.Api.Monitoring;

/// <summary>
/// This replica's route monitors, one per deployment and model version. The route table asks for them on every
/// refresh: an unchanged layout, reference and spec keep their monitor (and what it has folded); a change
/// starts a new one, and the old one is flushed once more before it is dropped.
/// </summary>
public sealed class MonitoringCollector
{
    private readonly ConcurrentDictionary<(string Deployment, string Model, int Version), RouteMonitor> _monitors = new();
    private readonly ConcurrentQueue<RouteMonitor> _replaced = new();

    /// <summary>The monitor for the route, reusing the current one when nothing it depends on changed.</summary>
    public RouteMonitor GetOrCreate(
        string deployment, string modelName, int version, FeatureLayout layout, ReferenceProfile? reference, string referenceSha, MonitoringSpec spec, string specJson)
    {
        ArgumentNullException.ThrowIfNull(layout);
        var key = string.Join('|', referenceSha, specJson, string.Join(',', layout.Features.Select(f => f.Name)));
        var monitor = _monitors.AddOrUpdate(
            (deployment, modelName, version),
            _ => new RouteMonitor(deployment, modelName, version, key, layout, reference, spec),
            (_, existing) =>
            {
                if (existing.LayoutKey == key)
                {
                    return existing;
                }

                _replaced.Enqueue(existing);
                return new RouteMonitor(deployment, modelName, version, key, layout, reference, spec);
            });
        return monitor;
    }

    /// <summary>Drops monitors of routes no longer served (after a last flush).</summary>
    public void Retain(IReadOnlySet<(string Deployment, string Model, int Version)> live)
    {
        ArgumentNullException.ThrowIfNull(live);
        foreach (var (key, monitor) in _monitors)
        {
            if (!live.Contains(key) && _monitors.TryRemove(new KeyValuePair<(string, string, int), RouteMonitor>(key, monitor)))
            {
                _replaced.Enqueue(monitor);
            }
        }
    }

    /// <summary>Every monitor with something to flush: the live ones, and replaced ones (each returned once).</summary>
    public IReadOnlyList<RouteMonitor> TakeForFlush()
    {
        var all = new List<RouteMonitor>(_monitors.Values);
        while (_replaced.TryDequeue(out var old))
        {
            all.Add(old);
        }

        return all;
    }
}
