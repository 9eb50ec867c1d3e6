using MLOps.Monitoring.Profiles;

namespace MLOps.Monitoring.Windows;

/// <summary>Binary form of <see cref="WindowProfile"/>, sent by replicas to the window grain every few seconds.</summary>
/// <remarks>
/// Layout (little-endian): the magic "MLWP", a version byte, k, feature count, per feature its spec and state
/// (numeric: sketch, bin edges and counts, reference range, counters, streak, value table; categorical: counter,
/// counters, streak), then request and failure counts and the latency sketch. The reference's category set is not
/// sent: pass the reference to <see cref="Deserialize"/> to keep counting unseen categories in the copy.
/// </remarks>
public sealed partial class WindowProfile
{
    private const uint Magic = 0x50574C4D; // "MLWP"
    private const byte FormatVersion = 1;

    /// <summary>Writes the profile in its versioned binary form.</summary>
    public byte[] Serialize()
    {
        Settle();
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream))
        {
            ProfileFormat.WriteHeader(writer, Magic, FormatVersion);
            writer.Write(K);
            writer.Write(_features.Length);
            for (var i = 0; i < _features.Length; i++)
            {
                ProfileFormat.WriteSpec(writer, _features[i]);
                _numeric[i]?.Write(writer);
                _categorical[i]?.Write(writer);
            }

            writer.Write(RequestCount);
            writer.Write(FailedRequestCount);
            ProfileFormat.WriteBlob(writer, _latency.Serialize());
        }

        return stream.ToArray();
    }

    /// <summary>Reads a profile written by <see cref="Serialize"/>.</summary>
    /// <param name="data">The serialized bytes.</param>
    /// <param name="reference">The reference the profile was built with, to count unseen categories in values added later.</param>
    /// <param name="seed">Seed for future compactions (feature i uses seed + i); null for random seeds.</param>
    /// <exception cref="InvalidDataException">The bytes are not a window profile in a supported format.</exception>
    public static WindowProfile Deserialize(ReadOnlySpan<byte> data, ReferenceProfile? reference = null, int? seed = null) =>
        ProfileFormat.Read(data, "window profile", reader =>
        {
            ProfileFormat.ReadHeader(reader, Magic, FormatVersion, "window profile");
            var k = reader.ReadInt32();
            var features = new FeatureSpec[ProfileFormat.ReadLength(reader, 3)];
            var numeric = new NumericAccumulator?[features.Length];
            var categorical = new CategoricalAccumulator?[features.Length];
            for (var i = 0; i < features.Length; i++)
            {
                features[i] = ProfileFormat.ReadSpec(reader);
                if (features[i].Kind == FeatureKind.Numeric)
                {
                    numeric[i] = NumericAccumulator.Read(reader, seed + i);
                }
                else
                {
                    categorical[i] = CategoricalAccumulator.Read(reader);
                    categorical[i]!.ReferenceCategories = ReferenceFeature(reference, features[i])?.ReferenceCategories;
                }
            }

            ProfileFormat.ValidateSpecs(features);
            var profile = new WindowProfile(features, k, seed)
            {
                RequestCount = reader.ReadInt64(),
                FailedRequestCount = reader.ReadInt64(),
            };
            numeric.CopyTo(profile._numeric, 0);
            categorical.CopyTo(profile._categorical, 0);
            var latency = QuantileSketch.Deserialize(ProfileFormat.ReadBlob(reader), seed - 1);
            if (latency.K != k || profile.RequestCount < 0 || profile.FailedRequestCount is < 0 || profile.FailedRequestCount > profile.RequestCount
                || numeric.Any(n => n is not null && n.Sketch.K != k))
            {
                throw new InvalidDataException("VALIDATION: the window profile's sketches or request counts are inconsistent.");
            }

            profile._latency.Merge(latency);
            return profile;
        });
}
