using MLOps.Api.Identity;
using MLOps.Api.Serving;
using MLOps.Grains.Registry;
using MLOps.Inference.Onnx;
using MLOps.Storage.Artifacts;
using MLOps.Storage.Deployments;
using MLOps.Storage.Registry;

namespace MLOps.Server.Hosting;

public static class RegistryHostingExtensions
{
    /// <summary>
    /// API-key identity (every request authenticated; the bootstrap admin key from Identity:BootstrapAdminKey
    /// ensured at start-up) and the registry's readers and ONNX inspection used by the model grains.
    /// </summary>
    public static WebApplicationBuilder AddIdentityAndRegistry(this WebApplicationBuilder builder)
    {
        builder.Services.AddApiKeyIdentity();
        builder.Services.AddHostedService<IdentityBootstrapper>();
        builder.Services.AddSingleton<RegistryReader>();
        builder.Services.AddSingleton<OnnxModelInspector>();
        builder.Services.AddSingleton<LocalArtifactCache>();
        builder.Services.AddSingleton<IArtifactInspector, OnnxArtifactInspector>();
        builder.Services.AddSingleton<VersionDirectory>();
        builder.Services.AddSingleton<ServedModels>();
        builder.Services.AddSingleton<DeploymentStore>();
        builder.Services.AddSingleton<RouteTable>();
        builder.Services.AddSingleton<ShadowRunner>();
        builder.Services.AddSingleton<ServingTelemetry>();
        ServedModels.DirectBatching(builder.Configuration);
        builder.Services.AddSingleton<MLOps.Storage.Tracking.TrackingStore>();
        builder.Services.AddSingleton<MLOps.Storage.Tracking.RunBatchWriter>();
        builder.Services.AddSingleton<MLOps.Storage.Tracking.MetricHistoryReader>();
        return builder;
    }
}
