using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MLOps.Monitoring;

/// <summary>Binary form of <see cref="QuantileSketch"/>, so that partial sketches can travel between processes.</summary>
/// <remarks>
/// Layout (little-endian): version byte (2), k, count, missing count, min, max, mean, M2, item width in bytes (4 for
/// floats, 8 for doubles: the width the sketch holds them in), level count, then per level its item count and items.
/// Size is 4 or 8 bytes per retained item, 4 per level and 58 more, so it shares the memory bound. Version 1, which had no width
/// byte and always doubles, is still read.
/// </remarks>
public sealed partial class QuantileSketch
{
    private const byte FormatVersion = 2;
    private const byte DoublesOnlyVersion = 1;

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
            _levels.Write(writer);
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
        if (version is not (FormatVersion or DoublesOnlyVersion))
        {
            throw new InvalidDataException($"VALIDATION: quantile sketch format version {version} is not supported; expected {FormatVersion} or {DoublesOnlyVersion}.");
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
        var width = version == DoublesOnlyVersion ? sizeof(double) : reader.ReadByte();
        if (width is not (sizeof(float) or sizeof(double)))
        {
            throw new InvalidDataException($"VALIDATION: quantile sketch items are {width} bytes wide; expected 4 or 8.");
        }

        var levelCount = reader.ReadInt32();
        if (levelCount is < 1 or > 62 || sketch.Count < 0 || sketch.MissingCount < 0)
        {
            throw new InvalidDataException($"VALIDATION: quantile sketch header is corrupt ({levelCount} levels, count {sketch.Count}).");
        }

        long weight = width == sizeof(float)
            ? sketch.ReadLevels((Levels<float>)sketch._levels, reader, levelCount)
            : sketch.ReadLevels(sketch.WidenLevels(), reader, levelCount);
        if (weight != sketch.Count)
        {
            throw new InvalidDataException($"VALIDATION: quantile sketch items weigh {weight} but its count is {sketch.Count}.");
        }

        return sketch;
    }

    private long ReadLevels<T>(Levels<T> levels, BinaryReader reader, int levelCount)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        long weight = 0;
        for (var h = 0; h < levelCount; h++)
        {
            if (h > 0)
            {
                AddLevel();
            }

            var count = reader.ReadInt32();
            if (count < 0 || count > (reader.BaseStream.Length - reader.BaseStream.Position) / Unsafe.SizeOf<T>())
            {
                throw new InvalidDataException($"VALIDATION: quantile sketch level {h} claims {count} items, more than the data holds.");
            }

            var level = levels.Items[h];
            CollectionsMarshal.SetCount(level, count);
            var items = CollectionsMarshal.AsSpan(level);
            if (BitConverter.IsLittleEndian)
            {
                reader.BaseStream.ReadExactly(MemoryMarshal.AsBytes(items));
            }
            else
            {
                for (var i = 0; i < count; i++)
                {
                    items[i] = typeof(T) == typeof(float) ? T.CreateTruncating(reader.ReadSingle()) : T.CreateTruncating(reader.ReadDouble());
                }
            }

            foreach (var item in items)
            {
                if (T.IsNaN(item))
                {
                    throw new InvalidDataException($"VALIDATION: quantile sketch level {h} holds NaN, which a sketch never keeps.");
                }
            }

            // Levels above the lowest must be sorted; data from this writer already is, so this is a cheap pass.
            if (h > 0)
            {
                items.Sort();
            }

            _retained += count;
            weight += (long)count << h;
        }

        return weight;
    }

    /// <summary>The levels' part of the binary form: item width, level count, then per level its count and items.</summary>
    private abstract partial class Levels
    {
        public abstract void Write(BinaryWriter writer);
    }

    private sealed partial class Levels<T>
    {
        public override void Write(BinaryWriter writer)
        {
            writer.Write((byte)Unsafe.SizeOf<T>());
            writer.Write(Items.Count);
            foreach (var level in Items)
            {
                var items = CollectionsMarshal.AsSpan(level);
                writer.Write(items.Length);
                if (BitConverter.IsLittleEndian)
                {
                    writer.Write(MemoryMarshal.AsBytes(items));
                    continue;
                }

                foreach (var item in items)
                {
                    if (typeof(T) == typeof(float))
                    {
                        writer.Write(float.CreateTruncating(item));
                    }
                    else
                    {
                        writer.Write(double.CreateTruncating(item));
                    }
                }
            }
        }
    }
}
