namespace MLOps.Client.Internal;

/// <summary>The Open Inference Protocol datatypes and the .NET element type that holds each.</summary>
internal static class TensorDatatypes
{
    public const string Supported = "BOOL, UINT8, UINT16, UINT32, UINT64, INT8, INT16, INT32, INT64, FP16, FP32, FP64, BYTES";

    public static Type? ElementType(string datatype) => datatype switch
    {
        "BOOL" => typeof(bool),
        "UINT8" => typeof(byte),
        "UINT16" => typeof(ushort),
        "UINT32" => typeof(uint),
        "UINT64" => typeof(ulong),
        "INT8" => typeof(sbyte),
        "INT16" => typeof(short),
        "INT32" => typeof(int),
        "INT64" => typeof(long),
        "FP16" => typeof(Half),
        "FP32" => typeof(float),
        "FP64" => typeof(double),
        "BYTES" => typeof(string),
        _ => null,
    };
}
