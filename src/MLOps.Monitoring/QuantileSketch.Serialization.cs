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
            writer.Write(Count == 0 ? 0 : Mean);
            writer.Write(SumOfSquaredDeviations);
            writer.Write(_levels.Count);
            var items = new double[_retained];
            for (var h = 0; h < _levels.Count; h++)
            {
                var level = items.AsSpan(0, _levels.Size(h));
                _levels.CopyLevel(h, level);
                writer.Write(level.Length);
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
    /// <exception cref="InvalidDataException">The bytes are not a sketch in a supported format.</exception>
    public static QuantileSketch Deserialize(ReadOnlySpan<byte> data, int? seed = null)
    {
        using var stream = new MemoryStream(data.ToArray());
        using var reader = new BinaryReader(stream);
        try
        {
            return Read(reader, seed);
        }
        catch (EndOfStreamException error)
        {
            throw new InvalidDataException("VALIDATION: quantile sketch data is truncated.", error);
        }
    }

    private static QuantileSketch Read(BinaryReader reader, int? seed)
    {
        var version = reader.ReadByte();
        if (version != FormatVersion)
        {
            throw new InvalidDataException($"VALIDATION: quantile sketch format version {version} is not supported; expected {FormatVersion}.");
        }

        var k = reader.ReadInt32();
        if (k < MinWidth)
        {
            throw new InvalidDataException($"VALIDATION: quantile sketch k={k} is invalid; it must be at least {MinWidth}.");
        }

        var sketch = new QuantileSketch(k, seed)
        {
            Count = reader.ReadInt64(),
            MissingCount = reader.ReadInt64(),
            Min = reader.ReadDouble(),
            Max = reader.ReadDouble(),
        };
        sketch.SetMoments(reader.ReadDouble(), reader.ReadDouble());
        var levels = sketch.WidenLevels();
        var levelCount = reader.ReadInt32();
        if (levelCount is < 1 or > 62 || sketch.Count < 0 || sketch.MissingCount < 0)
        {
            throw new InvalidDataException($"VALIDATION: quantile sketch header is corrupt ({levelCount} levels, count {sketch.Count}).");
        }

        long weight = 0;
        for (var h = 0; h < levelCount; h++)
        {
            if (h > 0)
            {
                sketch.AddLevel();
            }

            var count = reader.ReadInt32();
            if (count < 0 || count > (reader.BaseStream.Length - reader.BaseStream.Position) / sizeof(double))
            {
                throw new InvalidDataException($"VALIDATION: quantile sketch level {h} claims {count} items, more than the data holds.");
            }

            var level = levels.Items[h];
            for (var i = 0; i < count; i++)
            {
                level.Add(reader.ReadDouble());
            }

            // Levels above the lowest must be sorted; data from this writer already is, so this is a cheap pass.
            if (h > 0)
            {
                level.Sort();
            }

            sketch._retained += count;
            weight += (long)count << h;
        }

        if (weight != sketch.Count)
        {
            throw new InvalidDataException($"VALIDATION: quantile sketch items weigh {weight} but its count is {sketch.Count}.");
        }

        return sketch;
    }
}
