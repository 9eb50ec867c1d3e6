namespace MLOps.Monitoring.Profiles;

/// <summary>Binary form of <see cref="ReferenceProfile"/>, so that it can be stored with the model version.</summary>
/// <remarks>
/// Layout (little-endian): the magic "MLRP", a version byte, row count, bin count, feature count, then per feature
/// its spec, missing and distinct counts, bin edges and counts, sketch or categorical counter (length-prefixed),
/// value frequencies and exact values when present.
/// </remarks>
public sealed partial class ReferenceProfile
{
    private const uint Magic = 0x50524C4D; // "MLRP"
    private const byte FormatVersion = 1;

    /// <summary>Writes the profile in its versioned binary form.</summary>
    public byte[] Serialize()
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream))
        {
            ProfileFormat.WriteHeader(writer, Magic, FormatVersion);
            writer.Write(RowCount);
            writer.Write(BinCount);
            writer.Write(_features.Length);
            foreach (var feature in _features)
            {
                feature.Write(writer);
            }
        }

        return stream.ToArray();
    }

    /// <summary>Reads a profile written by <see cref="Serialize"/>.</summary>
    /// <param name="data">The serialized bytes.</param>
    /// <exception cref="InvalidDataException">The bytes are not a reference profile in a supported format.</exception>
    public static ReferenceProfile Deserialize(ReadOnlySpan<byte> data) => ProfileFormat.Read(data, "reference profile", reader =>
    {
        ProfileFormat.ReadHeader(reader, Magic, FormatVersion, "reference profile");
        var rows = reader.ReadInt64();
        var bins = reader.ReadInt32();
        var features = new FeatureProfile[ProfileFormat.ReadLength(reader, 4)];
        for (var i = 0; i < features.Length; i++)
        {
            features[i] = FeatureProfile.Read(reader, seed: i);
        }

        return new ReferenceProfile(rows, bins, features);
    });
}
