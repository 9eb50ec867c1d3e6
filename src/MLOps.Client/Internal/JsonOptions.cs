using System.Text.Json;
using System.Text.Json.Serialization;

namespace MLOps.Client.Internal;

/// <summary>How the client writes GraphQL variables: camelCase, nulls left out (an absent argument takes its default).</summary>
internal static class JsonOptions
{
    public static readonly JsonSerializerOptions Default = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
