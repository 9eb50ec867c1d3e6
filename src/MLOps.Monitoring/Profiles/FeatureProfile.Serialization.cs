namespace MLOps.Monitoring.Profiles;

/// <summary>Binary form of <see cref="FeatureProfile"/>, written inside a <see cref="ReferenceProfile"/>.</summary>
public sealed partial class FeatureProfile
{
    internal void Write(BinaryWriter writer)
    {
        ProfileFormat.WriteSpec(writer, Spec);
        writer.Write(MissingCount);
        writer.Write(DistinctCount);
        ProfileFormat.WriteDoubles(writer, Edges);
        ProfileFormat.WriteLongs(writer, Bins);
        writer.Write(Sketch is not null);
        if (Sketch is not null)
        {
            ProfileFormat.WriteBlob(writer, Sketch.Serialize());
        }

        writer.Write(Counter is not null);
        if (Counter is not null)
        {
            ProfileFormat.WriteBlob(writer, Counter.Serialize());
        }

        writer.Write(ValueFrequencies is not null);
        if (ValueFrequencies is not null)
        {
            ProfileFormat.WriteDoubles(writer, [.. ValueFrequencies.Select(v => v.Value)]);
            ProfileFormat.WriteLongs(writer, [.. ValueFrequencies.Select(v => v.Count)]);
        }

        writer.Write(ExactValues is not null);
        if (ExactValues is not null)
        {
            ProfileFormat.WriteDoubles(writer, [.. ExactValues]);
        }
    }

    internal static FeatureProfile Read(BinaryReader reader, int? seed)
    {
        var spec = ProfileFormat.ReadSpec(reader);
        var missing = reader.ReadInt64();
        var distinct = reader.ReadInt32();
        var edges = ProfileFormat.ReadDoubles(reader);
        var bins = ProfileFormat.ReadLongs(reader);
        var sketch = reader.ReadBoolean() ? QuantileSketch.Deserialize(ProfileFormat.ReadBlob(reader), seed) : null;
        var counter = reader.ReadBoolean() ? CategoricalCounter.Deserialize(ProfileFormat.ReadBlob(reader)) : null;
        ValueCount[]? values = null;
        if (reader.ReadBoolean())
        {
            var keys = ProfileFormat.ReadDoubles(reader);
            var counts = ProfileFormat.ReadLongs(reader);
            if (keys.Length != counts.Length)
            {
                throw new InvalidDataException($"VALIDATION: feature '{spec.Name}' has {keys.Length} values but {counts.Length} counts.");
            }

            values = [.. keys.Zip(counts, (v, c) => new ValueCount(v, c))];
        }

        var exact = reader.ReadBoolean() ? ProfileFormat.ReadDoubles(reader) : null;
        var numeric = spec.Kind == FeatureKind.Numeric;
        if (missing < 0 || distinct < 0 || numeric != (sketch is not null) || numeric == (counter is not null)
            || (numeric && bins.Length != edges.Length + 1) || (exact is not null && exact.Length != sketch?.Count))
        {
            throw new InvalidDataException($"VALIDATION: feature '{spec.Name}' in the reference profile is inconsistent.");
        }

        return new FeatureProfile(spec, missing, distinct, sketch, edges, bins, values, exact, counter);
    }
}
