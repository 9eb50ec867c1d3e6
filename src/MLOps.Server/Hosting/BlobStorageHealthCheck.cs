using Azure.Storage.Blobs;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using MLOps.Storage.Artifacts;

namespace MLOps.Server.Hosting;

/// <summary>Healthy when the artifact container answers a properties request.</summary>
public sealed class BlobStorageHealthCheck(BlobServiceClient blobService, IOptions<ArtifactStoreOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await blobService.GetBlobContainerClient(options.Value.ContainerName).GetPropertiesAsync(cancellationToken: cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is Azure.RequestFailedException or HttpRequestException or AggregateException or OperationCanceledException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "The artifact container cannot be reached.", e);
        }
    }
}
