using System.Reflection;
using System.Text.Json;

namespace MLOps.Api.GraphiQL;

/// <summary>
/// The GraphiQL bundle embedded in this assembly by GraphiQL.targets (resources named GraphiQL/&lt;file&gt;),
/// read once: about 2 MB, most of it loaded by the browser only when the editor starts.
/// </summary>
internal sealed class GraphiQLBundle
{
    private const string ResourcePrefix = "GraphiQL/";
    private const string ManifestName = "manifest.json";

    private static readonly Lazy<GraphiQLBundle> Embedded = new(() => Load(typeof(GraphiQLBundle).Assembly));

    private readonly Dictionary<string, GraphiQLAsset> _assets;

    private GraphiQLBundle(string script, string stylesheet, Dictionary<string, GraphiQLAsset> assets)
    {
        Script = script;
        Stylesheet = stylesheet;
        _assets = assets;
    }

    public static GraphiQLBundle Instance => Embedded.Value;

    /// <summary>The entry module's file name (main-&lt;hash&gt;.js).</summary>
    public string Script { get; }

    /// <summary>The stylesheet's file name (main-&lt;hash&gt;.css).</summary>
    public string Stylesheet { get; }

    public bool TryGetAsset(string name, out GraphiQLAsset asset) => _assets.TryGetValue(name, out asset!);

    private static GraphiQLBundle Load(Assembly assembly)
    {
        var assets = new Dictionary<string, GraphiQLAsset>(StringComparer.Ordinal);
        Manifest? manifest = null;
        foreach (var resource in assembly.GetManifestResourceNames().Where(name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            var fileName = resource[ResourcePrefix.Length..];
            if (fileName == ManifestName)
            {
                manifest = JsonSerializer.Deserialize<Manifest>(stream, JsonSerializerOptions.Web);
                continue;
            }

            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            if (GraphiQLAsset.Create(fileName, buffer.ToArray()) is { } asset)
            {
                assets[asset.Name] = asset;
            }
        }

        if (manifest is null || !assets.ContainsKey(manifest.Script) || !assets.ContainsKey(manifest.Stylesheet))
        {
            throw new InvalidOperationException(
                $"{assembly.GetName().Name} has no complete GraphiQL bundle (resources {ResourcePrefix}*); it is built by GraphiQL.targets during dotnet build.");
        }

        return new GraphiQLBundle(manifest.Script, manifest.Stylesheet, assets);
    }

    private sealed record Manifest(string Script, string Stylesheet);
}
