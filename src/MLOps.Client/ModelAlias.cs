using System.Text.Json;
using MLOps.Client.Internal;

namespace MLOps.Client;

/// <summary>A named, movable pointer to a model version, such as champion.</summary>
/// <param name="Alias">The alias.</param>
/// <param name="Version">The version it points at.</param>
public sealed record ModelAlias(string Alias, int Version)
{
    internal static ModelAlias Read(JsonElement e) => new(e.String("alias"), e.Int32("version"));
}
