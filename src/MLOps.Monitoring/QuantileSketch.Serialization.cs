namespace MLOps.Monitoring;

/// <summary>Binary form of <see cref="QuantileSketch"/>, so that partial sketches can travel between processes.</summary>
/// <remarks>
/// Layout (little-endian): version byte, k, count, missing count, min, max, mean, M2, level count, then per level
/// its item count and items. Size is about 8 bytes per retained item plus 53 bytes, so it shares the memory bound.
/// </remarks>
public sealed partial class QuantileSketch
{
    private const byte FormatVersion = 1;

    /// <summary>Writes the sketch in a compact little-endian binary form.</summary>
    public byte[] Serialize()
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream))
        {
            writer.Write(FormatVersion);
            writer.Write(K);
            writer.Write(Count);
            writer.Write(MissingCount);
            writer.Write(Min);
            writer.Write(Max);
            writer.Write(_mean);
            writer.Write(_m2);
            writer.Write(_levels.Count);
            foreach (var level in _levels)
            {
                writer.Write(level.Count);
                foreach (var item in level)
                {
                    writer.Write(item);
                }
            }
        }

        return stream.ToArray();
    }

    /// <summary>Reads a sketch written by <see cref="Serialize"/>.</summary>
    /// <param name="data">The serialized bytes.</param>
    /// <param name="seed">Seed for future compactions; null for a random seed.</param>
    public static QuantileSketch Deserialize(ReadOnlySpan<byte> data, int? seed = null)
    {
        using var stream = new MemoryStream(data.ToArray());
        using var reader = new BinaryReader(stream);
        var version = reader.ReadByte();
        if (version != FormatVersion)
        {
            throw new InvalidDataException($"VALIDATION: quantile sketch format version {version} is not supported; expected {FormatVersion}.");
        }

        var sketch = new QuantileSketch(reader.ReadInt32(), seed)
        {
            Count = reader.ReadInt64(),
            MissingCount = reader.ReadInt64(),
            Min = reader.ReadDouble(),
            Max = reader.ReadDouble(),
        };
        sketch._mean = reader.ReadDouble();
        sketch._m2 = reader.ReadDouble();
        var levelCount = reader.ReadInt32();
        for (var h = 0; h < levelCount; h++)
        {
            if (h > 0)
            {
                sketch.AddLevel();
            }

            var count = reader.ReadInt32();
            var level = sketch._levels[h];
            for (var i = 0; i < count; i++)
            {
                level.Add(reader.ReadDouble());
            }

            sketch._retained += count;
        }

        return sketch;
    }
}
