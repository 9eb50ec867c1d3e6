namespace MLOps.Monitoring.Profiles;

/// <summary>Shared pieces of the binary profile formats: headers, checked lengths and error translation.</summary>
internal static class ProfileFormat
{
    /// <summary>Reads a whole blob, turning truncation and inconsistencies into <see cref="InvalidDataException"/>.</summary>
    public static T Read<T>(ReadOnlySpan<byte> data, string what, Func<BinaryReader, T> read)
    {
        using var stream = new MemoryStream(data.ToArray(), writable: false);
        using var reader = new BinaryReader(stream);
        try
        {
            var result = read(reader);
            if (stream.Position != stream.Length)
            {
                throw new InvalidDataException($"VALIDATION: {what} data has {stream.Length - stream.Position} unexpected trailing bytes.");
            }

            return result;
        }
        catch (Exception error) when (error is EndOfStreamException or ArgumentException or OverflowException or FormatException)
        {
            throw new InvalidDataException($"VALIDATION: {what} data is truncated or corrupt ({error.Message}).", error);
        }
    }

    public static void WriteHeader(BinaryWriter writer, uint magic, byte version)
    {
        writer.Write(magic);
        writer.Write(version);
    }

    public static void ReadHeader(BinaryReader reader, uint magic, byte version, string what)
    {
        if (reader.BaseStream.Length < sizeof(uint) + 1 || reader.ReadUInt32() != magic)
        {
            throw new InvalidDataException($"VALIDATION: the data is not a serialized {what}.");
        }

        var actual = reader.ReadByte();
        if (actual != version)
        {
            throw new InvalidDataException($"VALIDATION: {what} format version {actual} is not supported; expected {version}.");
        }
    }

    /// <summary>Reads a count of elements of <paramref name="elementSize"/> bytes, checked against the bytes left.</summary>
    public static int ReadLength(BinaryReader reader, int elementSize)
    {
        var length = reader.ReadInt32();
        var left = reader.BaseStream.Length - reader.BaseStream.Position;
        if (length < 0 || (long)length * elementSize > left)
        {
            throw new InvalidDataException($"VALIDATION: a length of {length} does not fit the {left} bytes left.");
        }

        return length;
    }

    public static void WriteDoubles(BinaryWriter writer, ReadOnlySpan<double> values)
    {
        writer.Write(values.Length);
        foreach (var value in values)
        {
            writer.Write(value);
        }
    }

    public static double[] ReadDoubles(BinaryReader reader)
    {
        var values = new double[ReadLength(reader, sizeof(double))];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = reader.ReadDouble();
        }

        return values;
    }

    public static void WriteLongs(BinaryWriter writer, ReadOnlySpan<long> values)
    {
        writer.Write(values.Length);
        foreach (var value in values)
        {
            writer.Write(value);
        }
    }

    public static long[] ReadLongs(BinaryReader reader)
    {
        var values = new long[ReadLength(reader, sizeof(long))];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = reader.ReadInt64();
        }

        return values;
    }

    public static void WriteBlob(BinaryWriter writer, byte[] blob)
    {
        writer.Write(blob.Length);
        writer.Write(blob);
    }

    public static byte[] ReadBlob(BinaryReader reader) => reader.ReadBytes(ReadLength(reader, 1));

    public static void WriteSpec(BinaryWriter writer, FeatureSpec spec)
    {
        writer.Write(spec.Name);
        writer.Write((byte)spec.Kind);
        writer.Write((byte)spec.Role);
    }

    public static FeatureSpec ReadSpec(BinaryReader reader)
    {
        var name = reader.ReadString();
        var kind = (FeatureKind)reader.ReadByte();
        var role = (FeatureRole)reader.ReadByte();
        if (!Enum.IsDefined(kind) || !Enum.IsDefined(role) || name.Length == 0)
        {
            throw new InvalidDataException($"VALIDATION: feature '{name}' has an unknown kind ({kind}) or role ({role}).");
        }

        return new FeatureSpec(name, kind, role);
    }

    /// <summary>Checks that names are non-empty and unique, so features can be looked up by name.</summary>
    public static void ValidateSpecs(IReadOnlyList<FeatureSpec> features)
    {
        ArgumentNullException.ThrowIfNull(features);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var spec in features)
        {
            ArgumentNullException.ThrowIfNull(spec, nameof(features));
            if (string.IsNullOrEmpty(spec.Name) || !names.Add(spec.Name))
            {
                throw new ArgumentException($"VALIDATION: feature names must be non-empty and unique; '{spec.Name}' is not.", nameof(features));
            }
        }
    }
}
