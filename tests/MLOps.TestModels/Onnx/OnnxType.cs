namespace MLOps.TestModels.Onnx;

/// <summary>The type of a graph input or output: an ONNX <c>TypeProto</c>.</summary>
public abstract class OnnxType
{
    // TypeProto, TypeProto.Tensor/Sequence/Map, TensorShapeProto and its Dimension, from onnx/onnx.proto.
    private const int TensorTypeField = 1;
    private const int SequenceTypeField = 4;
    private const int MapTypeField = 5;
    private const int ElementTypeField = 1;
    private const int ShapeField = 2;
    private const int KeyTypeField = 1;
    private const int ValueTypeField = 2;
    private const int DimensionField = 1;
    private const int DimensionValueField = 1;
    private const int DimensionParamField = 2;

    private OnnxType()
    {
    }

    /// <summary>
    /// A tensor of the given Open Inference Protocol datatype. A -1 dimension is symbolic: named
    /// <c>batch</c> when it is the first, <c>d{index}</c> otherwise.
    /// </summary>
    public static OnnxType Tensor(string elementType, params long[] shape) =>
        new TensorType(OnnxDataTypes.ToOnnx(elementType), shape);

    /// <summary>A sequence whose elements have the given type.</summary>
    public static OnnxType Sequence(OnnxType element) => new SequenceType(element);

    /// <summary>A map from keys of the given datatype (an integer type or <c>BYTES</c>) to values of the given type.</summary>
    public static OnnxType Map(string keyType, OnnxType value) => new MapType(OnnxDataTypes.ToOnnx(keyType), value);

    internal abstract ProtoMessage ToProto();

    private sealed class TensorType(int elementType, long[] shape) : OnnxType
    {
        internal override ProtoMessage ToProto()
        {
            var shapeProto = new ProtoMessage();
            for (var i = 0; i < shape.Length; i++)
            {
                var dimension = shape[i] >= 0
                    ? new ProtoMessage().Int64(DimensionValueField, shape[i])
                    : new ProtoMessage().String(DimensionParamField, i == 0 ? "batch" : $"d{i}");
                shapeProto.Message(DimensionField, dimension);
            }

            var tensor = new ProtoMessage().Int64(ElementTypeField, elementType).Message(ShapeField, shapeProto);
            return new ProtoMessage().Message(TensorTypeField, tensor);
        }
    }

    private sealed class SequenceType(OnnxType element) : OnnxType
    {
        internal override ProtoMessage ToProto() =>
            new ProtoMessage().Message(SequenceTypeField, new ProtoMessage().Message(ElementTypeField, element.ToProto()));
    }

    private sealed class MapType(int keyType, OnnxType value) : OnnxType
    {
        internal override ProtoMessage ToProto() => new ProtoMessage().Message(
            MapTypeField,
            new ProtoMessage().Int64(KeyTypeField, keyType).Message(ValueTypeField, value.ToProto()));
    }
}
