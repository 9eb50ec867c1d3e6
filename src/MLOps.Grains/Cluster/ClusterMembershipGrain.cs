using System.Globalization;
using Microsoft.Extensions.Options;
using MLOps.Contracts.Cluster;
using MLOps.Storage.Cluster;
using Orleans.Concurrency;
using Orleans.Configuration;

namespace MLOps.Grains.Cluster;

[StatelessWorker]
public sealed class ClusterMembershipGrain(MembershipReader reader, IOptions<ClusterOptions> cluster) : Grain, IClusterMembershipGrain
{
    public async Task<IReadOnlyList<SiloInfo>> GetSilosAsync()
    {
        var rows = await reader.ReadAsync(cluster.Value.ClusterId, CancellationToken.None);
        return [.. rows.Select(ToSiloInfo)];
    }

    private static SiloInfo ToSiloInfo(MembershipRow row) => new(
        string.Create(CultureInfo.InvariantCulture, $"{row.Address}:{row.Port}"),
        row.Generation,
        row.SiloName,
        row.HostName,
        Enum.IsDefined((SiloStatus)row.Status) ? ((SiloStatus)row.Status).ToString() : "Unknown",
        row.ProxyPort,
        new DateTimeOffset(row.StartTimeUtc, TimeSpan.Zero),
        new DateTimeOffset(row.IAmAliveTimeUtc, TimeSpan.Zero));
}
