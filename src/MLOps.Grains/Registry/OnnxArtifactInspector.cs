using MLOps.Inference.Onnx;
using MLOps.Storage.Artifacts;
using MLOps.Storage.Registry;

namespace MLOps.Grains.Registry;

/// <summary>
/// Judges an artifact by loading it with ONNX Runtime: the artifact is copied to a local cache file named by
/// its hash (verified while copying, so a corrupted download is never trusted), then inspected on the thread
/// pool, because loading a model is blocking CPU work that must not hold a grain scheduler thread.
/// </summary>
public sealed class OnnxArtifactInspector(ArtifactStore artifacts, OnnxModelInspector inspector, LocalArtifactCache cache) : IArtifactInspector
{
    public async Task<ArtifactInspection> InspectAsync(string sha256, CancellationToken cancellationToken)
    {
        var path = await cache.GetAsync(artifacts, sha256, cancellationToken);
        try
        {
            var description = await Task.Run(() => inspector.Inspect(path), cancellationToken);
            var signature = new
            {
                inputs = description.Inputs.Select(i => new { name = i.Name, elementType = i.ElementType, shape = i.Shape }),
                outputs = description.Outputs.Select(o => new { name = o.Name, elementType = o.ElementType, shape = o.Shape }),
            };
            return new ArtifactInspection(true, RegistryJson.Serialize(signature), RegistryJson.Serialize(description.Metadata), null);
        }
        catch (OnnxModelException e)
        {
            return ArtifactInspection.Failed(e.Reason);
        }
    }
}
