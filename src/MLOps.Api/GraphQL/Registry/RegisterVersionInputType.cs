using GraphQL.Types;
using MLOps.Contracts.Registry;

namespace MLOps.Api.GraphQL.Registry;

public sealed class RegisterVersionInputType : InputObjectGraphType<RegisterVersionRequest>
{
    public RegisterVersionInputType()
    {
        Name = "RegisterModelVersionInput";
        Field<NonNullGraphType<StringGraphType>>("artifactSha256").Description("SHA-256 returned by PUT /api/artifacts.");
        Field<StringGraphType>("description");
        Field<StringGraphType>("sourceRunId").Description("Training run that produced the model.");
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("datasetDigests");
        Field<ListGraphType<NonNullGraphType<TagInputType>>>("lineageTags");
        Field<ListGraphType<NonNullGraphType<MetricInputType>>>("metrics").Description("Metrics snapshot at registration.");
        Field<ListGraphType<NonNullGraphType<TagInputType>>>("tags");
    }

    public override object ParseDictionary(IDictionary<string, object?> value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new RegisterVersionRequest(
            (string)value["artifactSha256"]!,
            value.TryGetValue("description", out var description) ? (string?)description : null,
            value.TryGetValue("sourceRunId", out var run) ? (string?)run : null,
            value.TryGetValue("datasetDigests", out var digests) && digests is IEnumerable<object?> list ? [.. list.Cast<string>()] : null,
            Pairs(value, "lineageTags"),
            value.TryGetValue("metrics", out var metrics) && metrics is IEnumerable<object?> m
                ? m.Cast<KeyValuePair<string, double>>().ToDictionary(p => p.Key, p => p.Value) : null,
            Pairs(value, "tags"));
    }

    private static Dictionary<string, string>? Pairs(IDictionary<string, object?> value, string name) =>
        value.TryGetValue(name, out var pairs) && pairs is IEnumerable<object?> list
            ? list.Cast<KeyValuePair<string, string>>().ToDictionary(p => p.Key, p => p.Value) : null;
}

public sealed class MetricInputType : InputObjectGraphType<KeyValuePair<string, double>>
{
    public MetricInputType()
    {
        Name = "MetricInput";
        Field<NonNullGraphType<StringGraphType>>("name");
        Field<NonNullGraphType<FloatGraphType>>("value");
    }

    public override object ParseDictionary(IDictionary<string, object?> value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new KeyValuePair<string, double>((string)value["name"]!, Convert.ToDouble(value["value"], System.Globalization.CultureInfo.InvariantCulture));
    }
}
