using System.Text.Json;

namespace MLOps.Inference.Protocol;

/// <summary>Writes tensor values as a flat JSON array.</summary>
internal static class TensorDataWriter
{
    public static void Write(Utf8JsonWriter writer, TensorData data)
    {
        writer.WriteStartArray();
        switch (Type.GetTypeCode(data.Values.GetType().GetElementType()))
        {
            case TypeCode.Single:
                var floatValues = (float[])data.Values;
                foreach (var value in floatValues)
                {
                    WriteFloating(writer, value);
                }

                break;
            case TypeCode.Double:
                var doubleValues = (double[])data.Values;
                foreach (var value in doubleValues)
                {
                    WriteFloating(writer, value);
                }

                break;
            case TypeCode.Object:
                var halfValues = (Half[])data.Values;
                foreach (var value in halfValues)
                {
                    WriteFloating(writer, (double)value);
                }

                break;
            case TypeCode.Int64:
                var longValues = (long[])data.Values;
                foreach (var value in longValues)
                {
                    writer.WriteNumberValue(value);
                }

                break;
            case TypeCode.Int32:
                var intValues = (int[])data.Values;
                foreach (var value in intValues)
                {
                    writer.WriteNumberValue(value);
                }

                break;
            case TypeCode.Int16:
                var shortValues = (short[])data.Values;
                foreach (var value in shortValues)
                {
                    writer.WriteNumberValue(value);
                }

                break;
            case TypeCode.SByte:
                var sbyteValues = (sbyte[])data.Values;
                foreach (var value in sbyteValues)
                {
                    writer.WriteNumberValue(value);
                }

                break;
            case TypeCode.UInt64:
                var ulongValues = (ulong[])data.Values;
                foreach (var value in ulongValues)
                {
                    writer.WriteNumberValue(value);
                }

                break;
            case TypeCode.UInt32:
                var uintValues = (uint[])data.Values;
                foreach (var value in uintValues)
                {
                    writer.WriteNumberValue(value);
                }

                break;
            case TypeCode.UInt16:
                var ushortValues = (ushort[])data.Values;
                foreach (var value in ushortValues)
                {
                    writer.WriteNumberValue(value);
                }

                break;
            case TypeCode.Byte:
                var byteValues = (byte[])data.Values;
                foreach (var value in byteValues)
                {
                    writer.WriteNumberValue(value);
                }

                break;
            case TypeCode.Boolean:
                var boolValues = (bool[])data.Values;
                foreach (var value in boolValues)
                {
                    writer.WriteBooleanValue(value);
                }

                break;
            case TypeCode.String:
                var stringValues = (string[])data.Values;
                foreach (var value in stringValues)
                {
                    writer.WriteStringValue(value);
                }

                break;
            default:
                throw new InvalidOperationException($"{data.Values.GetType().Name} is not tensor data.");
        }

        writer.WriteEndArray();
    }

    // JSON has no NaN or infinity; they travel as the strings System.Text.Json uses for named literals.
    private static void WriteFloating(Utf8JsonWriter writer, double value)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            writer.WriteStringValue(double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
        }
    }

    private static void WriteFloating(Utf8JsonWriter writer, float value)
    {
        if (float.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            WriteFloating(writer, (double)value);
        }
    }
}
