using MLOps.Monitoring.Profiles;

namespace MLOps.Monitoring.Windows;

/// <summary>Binary form of a numeric feature's window state.</summary>
internal sealed partial class NumericAccumulator
{
    public void Write(BinaryWriter writer)
    {
        ProfileFormat.WriteBlob(writer, Sketch.Serialize());
        ProfileFormat.WriteDoubles(writer, Edges);
        ProfileFormat.WriteLongs(writer, Bins);
        writer.Write(ReferenceMin);
        writer.Write(ReferenceMax);
        writer.Write(MissingCount);
        writer.Write(NaNCount);
        writer.Write(OutOfRangeCount);
        writer.Write(LongestStreak);
        writer.Write(_last);
        writer.Write(_run);
        writer.Write(_distinct);
        for (var i = 0; i < _distinct; i++)
        {
            writer.Write(_values[i]);
            writer.Write(_valueCounts[i]);
        }
    }

    public static NumericAccumulator Read(BinaryReader reader, int? seed)
    {
        var sketch = QuantileSketch.Deserialize(ProfileFormat.ReadBlob(reader), seed);
        var edges = ProfileFormat.ReadDoubles(reader);
        var bins = ProfileFormat.ReadLongs(reader);
        var accumulator = new NumericAccumulator(sketch, edges, reader.ReadDouble(), reader.ReadDouble())
        {
            MissingCount = reader.ReadInt64(),
            NaNCount = reader.ReadInt64(),
            OutOfRangeCount = reader.ReadInt64(),
            LongestStreak = reader.ReadInt64(),
            _last = reader.ReadDouble(),
            _run = reader.ReadInt64(),
            _distinct = reader.ReadInt32(),
        };
        if (bins.Length != accumulator.Bins.Length || accumulator._distinct is < -1 or > MaxValues
            || accumulator.MissingCount < 0 || accumulator.NaNCount < 0 || bins.Sum() != sketch.Count)
        {
            throw new InvalidDataException("VALIDATION: a numeric feature in the window profile is inconsistent.");
        }

        bins.CopyTo(accumulator.Bins, 0);
        for (var i = 0; i < accumulator._distinct; i++)
        {
            accumulator._values[i] = reader.ReadDouble();
            accumulator._valueCounts[i] = reader.ReadInt64();
        }

        return accumulator;
    }
}
