using System.Text.Json.Nodes;

namespace MLOps.IntegrationTests.Webhooks;

/// <summary>One request as the receiver saw it.</summary>
public sealed record ReceivedWebhook(
    string Path,
    TimeSpan ReceivedAt,
    IReadOnlyDictionary<string, string> Headers,
    byte[] Body,
    int AnsweredWith)
{
    public string Header(string name) => Headers.TryGetValue(name, out var value) ? value : string.Empty;

    public long DeliveryId => long.Parse(Header("X-MLOps-Delivery"), System.Globalization.CultureInfo.InvariantCulture);

    public JsonObject Json => JsonNode.Parse(Body)!.AsObject();
}
