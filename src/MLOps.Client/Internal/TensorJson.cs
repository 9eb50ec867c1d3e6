using System.Globalization;
using System.Text.Json;

namespace MLOps.Client.Internal;

/// <summary>Reads and writes tensor data as the flat JSON arrays of the Open Inference Protocol.</summary>
internal static class TensorJson
{
    public static Array ReadData(JsonElement data, string datatype, string name)
    {
        if (TensorDatatypes.ElementType(datatype) is null)
        {
            throw new FormatException($"Tensor '{name}' has datatype '{datatype}'; supported: {TensorDatatypes.Supported}.");
        }

        var values = new List<JsonElement>();
        Flatten(data, values);
        try
        {
            return datatype switch
            {
                "BOOL" => values.Select(v => v.GetBoolean()).ToArray(),
                "UINT8" => values.Select(v => v.GetByte()).ToArray(),
                "UINT16" => values.Select(v => v.GetUInt16()).ToArray(),
                "UINT32" => values.Select(v => v.GetUInt32()).ToArray(),
                "UINT64" => values.Select(v => v.GetUInt64()).ToArray(),
                "INT8" => values.Select(v => v.GetSByte()).ToArray(),
                "INT16" => values.Select(v => v.GetInt16()).ToArray(),
                "INT32" => values.Select(v => v.GetInt32()).ToArray(),
                "INT64" => values.Select(v => v.GetInt64()).ToArray(),
                "FP16" => values.Select(v => (Half)JsonFields.ToDouble(v)).ToArray(),
                "FP32" => values.Select(v => (float)JsonFields.ToDouble(v)).ToArray(),
                "FP64" => values.Select(JsonFields.ToDouble).ToArray(),
                _ => values.Select(v => v.GetString() ?? "").ToArray(),
            };
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or OverflowException)
        {
            throw new FormatException($"Tensor '{name}' has data that is not {datatype}: {e.Message}", e);
        }
    }

    public static void WriteData(Utf8JsonWriter writer, Array data)
    {
        writer.WriteStartArray();
        switch (data)
        {
            case float[] values:
                foreach (var value in values)
                {
                    WriteFloating(writer, value);
                }

                break;
            case double[] values:
                foreach (var value in values)
                {
                    WriteFloating(writer, value);
                }

                break;
            case Half[] values:
                foreach (var value in values)
                {
                    WriteFloating(writer, (double)value);
                }

                break;
            case bool[] values:
                foreach (var value in values)
                {
                    writer.WriteBooleanValue(value);
                }

                break;
            case string[] values:
                foreach (var value in values)
                {
                    writer.WriteStringValue(value);
                }

                break;
            default:
                // The integer types: long holds every one of them but ulong, which decimal holds.
                foreach (var value in data)
                {
                    if (value is ulong big)
                    {
                        writer.WriteNumberValue(big);
                    }
                    else
                    {
                        writer.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture));
                    }
                }

                break;
        }

        writer.WriteEndArray();
    }

    /// <summary>JSON has no NaN or infinity: they travel as the strings System.Text.Json uses for them.</summary>
    public static void WriteFloating(Utf8JsonWriter writer, double value)
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

    private static void Flatten(JsonElement element, List<JsonElement> values)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                Flatten(item, values);
            }
        }
        else
        {
            values.Add(element);
        }
    }
}
