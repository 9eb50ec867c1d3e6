namespace MLOps.TestModels.Onnx;

/// <summary>Open Inference Protocol datatype names to ONNX <c>TensorProto.DataType</c> numbers.</summary>
internal static class OnnxDataTypes
{
    private static readonly Dictionary<string, int> DataTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["FP32"] = 1,
        ["UINT8"] = 2,
        ["INT8"] = 3,
        ["UINT16"] = 4,
        ["INT16"] = 5,
        ["INT32"] = 6,
        ["INT64"] = 7,
        ["BYTES"] = 8,
        ["STRING"] = 8,
        ["BOOL"] = 9,
        ["FP16"] = 10,
        ["FP64"] = 11,
        ["UINT32"] = 12,
        ["UINT64"] = 13,
        ["BF16"] = 16,
    };

    public static int ToOnnx(string elementType) => DataTypes.TryGetValue(elementType, out var dataType)
        ? dataType
        : throw new ArgumentException(
            $"'{elementType}' is not a datatype these models support; use one of {string.Join(", ", DataTypes.Keys)}.",
            nameof(elementType));
}
