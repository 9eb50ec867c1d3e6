using System.Buffers;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using MLOps.Client.Internal;

namespace MLOps.Client;

public sealed partial class MlopsClient
{
    /// <summary>Most labels the server takes in one feedback call; <see cref="SubmitFeedbackAsync"/> sends larger sets in chunks of this size.</summary>
    public const int MaxFeedbackPerCall = 10_000;

    private const string DeploymentSpecFields =
        "routes { " + DeploymentRoute.Fields + " } batching { enabled maxBatchSize maxQueueDelayMicroseconds instances } session { intraOpThreads graphOptimizationLevel }";

    /// <summary>
    /// Uploads a reference dataset for a model version (PUT /api/models/{name}/versions/{version}/reference, streamed
    /// from the stream's current position); the server runs the model over its rows and links the profile to the
    /// version, replacing an earlier one. Columns map onto the model's inputs by name when the dataset has every
    /// default feature name (input[i]), else by position, and then the column names become the feature names.
    /// </summary>
    /// <param name="modelName">The registered model.</param>
    /// <param name="version">The model version.</param>
    /// <param name="data">The dataset: up to 512 MB, 1,000,000 rows and 10,000 columns.</param>
    /// <param name="format">The dataset's format.</param>
    /// <param name="categorical">Numeric columns to treat as categories.</param>
    /// <param name="cancellationToken">Cancels the upload.</param>
    /// <exception cref="MlopsException">
    /// NOT_FOUND for an unknown model or version, VALIDATION for a dataset that does not fit the model, LIMIT_EXCEEDED above the limits.
    /// </exception>
    public async Task<ReferenceProfile> UploadReferenceAsync(
        string modelName, int version, Stream data, ReferenceFormat format, IEnumerable<string>? categorical = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelName);
        ArgumentNullException.ThrowIfNull(data);
        var contentType = format switch
        {
            ReferenceFormat.Csv => "text/csv",
            ReferenceFormat.Parquet => "application/vnd.apache.parquet",
            ReferenceFormat.JsonRows => "application/json",
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Use Csv, Parquet or JsonRows."),
        };
        var columns = categorical?.ToArray() ?? [];
        var uri = ReferenceUri(modelName, version) + (columns.Length == 0 ? "" : "?categorical=" + Uri.EscapeDataString(string.Join(',', columns)));

        // Profiling a large dataset takes as long as it takes: no request time limit, as for artifact uploads.
        using var request = new HttpRequestMessage(HttpMethod.Put, uri) { Content = new StreamContent(data) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        using var response = await _http.SendStreamingAsync(request, cancellationToken);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var answer = await JsonDocument.ParseAsync(body, default, cancellationToken);
        return ReferenceProfile.Read(answer.RootElement);
    }

    /// <summary>The model version's reference profile, or null when it has none.</summary>
    public async Task<ReferenceProfile?> GetReferenceProfileAsync(string modelName, int version, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelName);
        var data = await _http.GraphQLAsync(
            "query($modelName: String!, $version: Int!) { referenceProfile(modelName: $modelName, version: $version) { " + ReferenceProfile.Fields + " } }",
            new { modelName, version }, cancellationToken);
        return data.Optional("referenceProfile") is { } profile ? ReferenceProfile.Read(profile) : null;
    }

    /// <summary>How the deployment is monitored.</summary>
    /// <exception cref="MlopsException">NOT_FOUND for an unknown deployment.</exception>
    public async Task<MonitoringSettings> GetMonitoringSettingsAsync(string deployment, CancellationToken cancellationToken = default)
    {
        var found = await DeploymentPartAsync(deployment, "monitoring { settings { " + MonitoringSettings.Fields + " } }", cancellationToken);
        return MonitoringSettings.Read(found.GetProperty("monitoring").GetProperty("settings"));
    }

    /// <summary>
    /// Replaces the deployment's monitoring settings, keeping its routes, batching and session settings (read
    /// first, then written back with the new settings in one update; a change made by someone else in between is
    /// overwritten). Every replica switches within about a second; windows of the new length start at the next
    /// multiple of it.
    /// </summary>
    /// <exception cref="MlopsException">NOT_FOUND for an unknown deployment, VALIDATION for settings out of range.</exception>
    public async Task<Deployment> SetMonitoringAsync(string deployment, MonitoringSettings settings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var current = await DeploymentPartAsync(deployment, DeploymentSpecFields, cancellationToken);
        var data = await _http.GraphQLAsync(
            "mutation($name: String!, $routes: [RouteInput!]!, $batching: BatchingInput, $session: SessionInput, $monitoring: MonitoringInput) { "
            + "updateDeployment(name: $name, routes: $routes, batching: $batching, session: $session, monitoring: $monitoring) { " + Deployment.Fields + " } }",
            new
            {
                name = deployment,
                routes = current.GetProperty("routes"),
                batching = current.GetProperty("batching"),
                session = current.GetProperty("session"),
                monitoring = settings.ToInput(),
            },
            cancellationToken);
        return Deployment.Read(data.GetProperty("updateDeployment"));
    }

    /// <summary>Creates a deployment served at /v2/models/{name}/infer, monitored with these settings from its first request.</summary>
    /// <exception cref="MlopsException">CONFLICT when the name is taken; NOT_FOUND or VALIDATION for a bad route or bad settings.</exception>
    public async Task<Deployment> CreateDeploymentAsync(
        string name, IEnumerable<DeploymentRoute> routes, MonitoringSettings monitoring, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(routes);
        ArgumentNullException.ThrowIfNull(monitoring);
        var data = await _http.GraphQLAsync(
            "mutation($name: String!, $routes: [RouteInput!]!, $monitoring: MonitoringInput) { createDeployment(name: $name, routes: $routes, monitoring: $monitoring) { "
            + Deployment.Fields + " } }",
            new
            {
                name,
                routes = routes.Select(r => new { modelName = r.ModelName, version = r.Version, alias = r.Alias, weight = r.Weight, mode = r.Mode }).ToArray(),
                monitoring = monitoring.ToInput(),
            },
            cancellationToken);
        return Deployment.Read(data.GetProperty("createDeployment"));
    }

    /// <summary>
    /// Sends ground truth for earlier predictions of the deployment (POST /api/deployments/{name}/feedback), in
    /// calls of at most <see cref="MaxFeedbackPerCall"/> labels. A later label for a prediction replaces an earlier
    /// one; the window's performance counts labels whenever they arrive.
    /// </summary>
    /// <returns>
    /// The labels joined and the ids the prediction log does not hold; the log is written in the background, so ids
    /// of answers from the last second or two may be unknown yet and can be sent again.
    /// </returns>
    /// <exception cref="ArgumentException">A label has neither or both of a class and a value.</exception>
    /// <exception cref="MlopsException">NOT_FOUND for an unknown deployment, VALIDATION for labels the server refuses (earlier chunks stay applied).</exception>
    public async Task<FeedbackResult> SubmitFeedbackAsync(string deployment, IEnumerable<LabelFeedback> labels, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(deployment);
        ArgumentNullException.ThrowIfNull(labels);
        var uri = $"api/deployments/{Uri.EscapeDataString(deployment)}/feedback";
        var matched = 0;
        var unknown = new List<string>();
        foreach (var chunk in labels.Chunk(MaxFeedbackPerCall))
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ReadOnlyMemoryContent(FeedbackBody(chunk)) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            var answer = await _http.SendForJsonAsync(request, cancellationToken);
            matched += answer.Int32("matched");
            unknown.AddRange(answer.List("unknown", u => u.GetString()!));
        }

        return new FeedbackResult(matched, unknown);
    }

    private static string ReferenceUri(string modelName, int version) =>
        $"api/models/{Uri.EscapeDataString(modelName)}/versions/{version.ToString(CultureInfo.InvariantCulture)}/reference";

    private static ReadOnlyMemory<byte> FeedbackBody(LabelFeedback[] labels)
    {
        var body = new ArrayBufferWriter<byte>(labels.Length * 64);
        using var writer = new Utf8JsonWriter(body);
        writer.WriteStartArray();
        foreach (var label in labels)
        {
            ArgumentNullException.ThrowIfNull(label, nameof(labels));
            if (string.IsNullOrEmpty(label.PredictionId) || (label.Label is null) == (label.Value is null))
            {
                throw new ArgumentException(
                    $"Each label needs a prediction id and either a class or a value; the one for '{label.PredictionId}' has {(label.Label is null ? "neither" : "both")}.",
                    nameof(labels));
            }

            writer.WriteStartObject();
            writer.WriteString("id", label.PredictionId);
            writer.WriteNumber("row", label.Row);
            if (label.Label is not null)
            {
                writer.WriteString("label", label.Label);
            }
            else
            {
                writer.WriteNumber("value", label.Value!.Value);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.Flush();
        return body.WrittenMemory;
    }

    /// <summary>
    /// Fields of one deployment; <paramref name="declarations"/> declares the query's further variables, whose
    /// values (null ones left out, so they take their defaults) are in <paramref name="variables"/>.
    /// </summary>
    /// <exception cref="MlopsException">NOT_FOUND for an unknown deployment.</exception>
    private async Task<JsonElement> DeploymentPartAsync(
        string deployment, string fields, CancellationToken cancellationToken, string declarations = "", IReadOnlyDictionary<string, object?>? variables = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(deployment);
        var values = new Dictionary<string, object?> { ["name"] = deployment };
        foreach (var (key, value) in variables ?? new Dictionary<string, object?>())
        {
            if (value is not null)
            {
                values[key] = value;
            }
        }

        var data = await _http.GraphQLAsync($"query($name: String!{declarations}) {{ deployment(name: $name) {{ {fields} }} }}", values, cancellationToken);
        return data.Optional("deployment") ?? throw new MlopsException(MlopsErrorCodes.NotFound, $"No deployment is named '{deployment}'.");
    }
}
