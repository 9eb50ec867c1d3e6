namespace MLOps.Inference.Protocol;

/// <summary>The Open Inference Protocol datatypes this server carries, and the .NET element type of each.</summary>
internal static class TensorDatatypes
{
    public const string Bool = "BOOL";
    public const string UInt8 = "UINT8";
    public const string UInt16 = "UINT16";
    public const string UInt32 = "UINT32";
    public const string UInt64 = "UINT64";
    public const string Int8 = "INT8";
    public const string Int16 = "INT16";
    public const string Int32 = "INT32";
    public const string Int64 = "INT64";
    public const string Fp16 = "FP16";
    public const string Fp32 = "FP32";
    public const string Fp64 = "FP64";
    public const string Bytes = "BYTES";

    public const string Supported = "BOOL, UINT8, UINT16, UINT32, UINT64, INT8, INT16, INT32, INT64, FP16, FP32, FP64, BYTES";

    public static Type? ToElementType(string datatype) => datatype switch
    {
        Bool => typeof(bool),
        UInt8 => typeof(byte),
        UInt16 => typeof(ushort),
        UInt32 => typeof(uint),
        UInt64 => typeof(ulong),
        Int8 => typeof(sbyte),
        Int16 => typeof(short),
        Int32 => typeof(int),
        Int64 => typeof(long),
        Fp16 => typeof(Half),
        Fp32 => typeof(float),
        Fp64 => typeof(double),
        Bytes => typeof(string),
        _ => null,
    };

    public static string? FromElementType(Type type) =>
        type == typeof(bool) ? Bool
        : type == typeof(byte) ? UInt8
        : type == typeof(ushort) ? UInt16
        : type == typeof(uint) ? UInt32
        : type == typeof(ulong) ? UInt64
        : type == typeof(sbyte) ? Int8
        : type == typeof(short) ? Int16
        : type == typeof(int) ? Int32
        : type == typeof(long) ? Int64
        : type == typeof(Half) ? Fp16
        : type == typeof(float) ? Fp32
        : type == typeof(double) ? Fp64
        : type == typeof(string) ? Bytes
        : null;

    public static Array Allocate(string datatype, int length) =>
        Array.CreateInstance(ToElementType(datatype) ?? throw new ArgumentException($"Unknown datatype {datatype}."), length);

    /// <summary>The number of values a shape holds, or -1 when it overflows an array's length.</summary>
    public static long ElementCount(IReadOnlyList<long> shape)
    {
        long count = 1;
        foreach (var dimension in shape)
        {
            if (dimension < 0)
            {
                return -1;
            }

            count *= dimension;
            if (count > Array.MaxLength)
            {
                return -1;
            }
        }

        return count;
    }

    public static string FormatShape(IReadOnlyList<long> shape) => $"[{string.Join(',', shape)}]";
}
