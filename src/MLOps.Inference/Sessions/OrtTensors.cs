using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using MLOps.Inference.Protocol;

namespace MLOps.Inference.Sessions;

/// <summary>Moves tensor values between the protocol's typed arrays and ONNX Runtime's values.</summary>
internal static class OrtTensors
{
    // Switches on the datatype, not the array type: the runtime lets a uint[] pass as an int[] and so on.
    /// <summary>An ONNX Runtime value over the data; numeric arrays are pinned, not copied.</summary>
    public static OrtValue ToOrtValue(TensorData data, long[] shape) => data.Datatype switch
    {
        TensorDatatypes.Fp32 => OrtValue.CreateTensorValueFromMemory((float[])data.Values, shape),
        TensorDatatypes.Fp64 => OrtValue.CreateTensorValueFromMemory((double[])data.Values, shape),
        TensorDatatypes.Int64 => OrtValue.CreateTensorValueFromMemory((long[])data.Values, shape),
        TensorDatatypes.Int32 => OrtValue.CreateTensorValueFromMemory((int[])data.Values, shape),
        TensorDatatypes.Int16 => OrtValue.CreateTensorValueFromMemory((short[])data.Values, shape),
        TensorDatatypes.Int8 => OrtValue.CreateTensorValueFromMemory((sbyte[])data.Values, shape),
        TensorDatatypes.UInt64 => OrtValue.CreateTensorValueFromMemory((ulong[])data.Values, shape),
        TensorDatatypes.UInt32 => OrtValue.CreateTensorValueFromMemory((uint[])data.Values, shape),
        TensorDatatypes.UInt16 => OrtValue.CreateTensorValueFromMemory((ushort[])data.Values, shape),
        TensorDatatypes.UInt8 => OrtValue.CreateTensorValueFromMemory((byte[])data.Values, shape),
        TensorDatatypes.Bool => OrtValue.CreateTensorValueFromMemory((bool[])data.Values, shape),
        TensorDatatypes.Fp16 => CopyHalf((Half[])data.Values, shape),
        TensorDatatypes.Bytes => CreateStrings((string[])data.Values, shape),
        _ => throw new InvalidOperationException($"{data.Values.GetType().Name} is not tensor data."),
    };

    /// <summary>The tensor's values as a typed array, or null when its element type has no protocol datatype.</summary>
    public static TensorData? ToTensorData(OrtValue value, TensorElementType elementType) => elementType switch
    {
        TensorElementType.Float => Copy<float>(value),
        TensorElementType.Double => Copy<double>(value),
        TensorElementType.Float16 => Copy<Half>(value),
        TensorElementType.Int64 => Copy<long>(value),
        TensorElementType.Int32 => Copy<int>(value),
        TensorElementType.Int16 => Copy<short>(value),
        TensorElementType.Int8 => Copy<sbyte>(value),
        TensorElementType.UInt64 => Copy<ulong>(value),
        TensorElementType.UInt32 => Copy<uint>(value),
        TensorElementType.UInt16 => Copy<ushort>(value),
        TensorElementType.UInt8 => Copy<byte>(value),
        TensorElementType.Bool => Copy<bool>(value),
        TensorElementType.String => new TensorData(value.GetStringTensorAsArray()),
        _ => null,
    };

    private static TensorData Copy<T>(OrtValue value)
        where T : unmanaged =>
        new(MemoryMarshal.Cast<byte, T>(value.GetTensorMutableRawData()).ToArray());

    // ONNX Runtime's own Float16 is the same 16 bits as System.Half; copy the bits into a native tensor.
    private static OrtValue CopyHalf(Half[] values, long[] shape)
    {
        var value = OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, TensorElementType.Float16, shape);
        MemoryMarshal.AsBytes(values.AsSpan()).CopyTo(value.GetTensorMutableRawData());
        return value;
    }

    private static OrtValue CreateStrings(string[] values, long[] shape)
    {
        var value = OrtValue.CreateTensorWithEmptyStrings(OrtAllocator.DefaultInstance, shape);
        for (var i = 0; i < values.Length; i++)
        {
            value.StringTensorSetElementAt(values[i].AsSpan(), i);
        }

        return value;
    }
}
