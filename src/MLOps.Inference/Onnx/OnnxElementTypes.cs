using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace MLOps.Inference.Onnx;

/// <summary>Translates ONNX Runtime's view of a graph value into an <see cref="OnnxTensorSpec"/>.</summary>
internal static class OnnxElementTypes
{
    public const string Sequence = "SEQUENCE";
    public const string Map = "MAP";
    public const string Optional = "OPTIONAL";
    public const string SparseTensor = "SPARSE_TENSOR";
    public const string Opaque = "OPAQUE";
    public const string Unknown = "UNKNOWN";

    public static bool IsNonTensorKind(string elementType) => elementType is
        Sequence or Map or Optional or SparseTensor or Opaque or Unknown;

    public static OnnxTensorSpec ToSpec(string name, NodeMetadata metadata) => metadata.OnnxValueType switch
    {
        OnnxValueType.ONNX_TYPE_TENSOR => new OnnxTensorSpec(
            name, ToDatatype(metadata.ElementDataType), ToShape(metadata.Dimensions)),
        OnnxValueType.ONNX_TYPE_SEQUENCE => NonTensor(name, Sequence),
        OnnxValueType.ONNX_TYPE_MAP => NonTensor(name, Map),
        OnnxValueType.ONNX_TYPE_OPTIONAL => NonTensor(name, Optional),
        OnnxValueType.ONNX_TYPE_SPARSETENSOR => NonTensor(name, SparseTensor),
        OnnxValueType.ONNX_TYPE_OPAQUE => NonTensor(name, Opaque),
        _ => NonTensor(name, Unknown),
    };

    /// <summary>The Open Inference Protocol datatype name, or ONNX's own name where the protocol has none.</summary>
    public static string ToDatatype(TensorElementType type) => type switch
    {
        TensorElementType.Bool => "BOOL",
        TensorElementType.UInt8 => "UINT8",
        TensorElementType.UInt16 => "UINT16",
        TensorElementType.UInt32 => "UINT32",
        TensorElementType.UInt64 => "UINT64",
        TensorElementType.Int8 => "INT8",
        TensorElementType.Int16 => "INT16",
        TensorElementType.Int32 => "INT32",
        TensorElementType.Int64 => "INT64",
        TensorElementType.Float16 => "FP16",
        TensorElementType.BFloat16 => "BF16",
        TensorElementType.Float => "FP32",
        TensorElementType.Double => "FP64",
        TensorElementType.String => "BYTES",
        TensorElementType.Complex64 => "COMPLEX64",
        TensorElementType.Complex128 => "COMPLEX128",
        _ => $"ONNX_TYPE_{(int)type}",
    };

    // ONNX Runtime reports a symbolic or unknown dimension as -1 already; anything negative is normalised to
    // -1 so callers test one value.
    private static long[] ToShape(int[] dimensions) =>
        Array.ConvertAll(dimensions, dimension => dimension < 0 ? -1L : dimension);

    private static OnnxTensorSpec NonTensor(string name, string kind) => new(name, kind, []);
}
