using System.Text;
using System.Text.Json;

namespace MLOps.Inference.Protocol;

/// <summary>Reads an input's 'data': a flat array, or arrays nested row-major exactly as the shape says.</summary>
internal static class TensorDataReader
{
    public static TensorData Read(ref Utf8JsonReader reader, string name, string datatype, long[] shape)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new InferenceRequestException($"Input '{name}' has 'data' that is not a JSON array.");
        }

        var expected = (int)TensorDatatypes.ElementCount(shape);
        var values = TensorDatatypes.Allocate(datatype, expected);
        var context = new Context(name, datatype, shape, values);
        reader.Read();
        if (reader.TokenType == JsonTokenType.StartArray)
        {
            if (shape.Length < 2)
            {
                throw NestingError(context, 0);
            }

            ReadLevel(ref reader, ref context, 0, firstRead: true);
        }
        else
        {
            while (reader.TokenType != JsonTokenType.EndArray)
            {
                Store(ref reader, ref context);
                reader.Read();
            }
        }

        if (context.Count != expected)
        {
            throw new InferenceRequestException(
                $"Input '{name}' has {context.Count} values but its shape {TensorDatatypes.FormatShape(shape)} needs {expected}.");
        }

        return new TensorData(values);
    }

    // On entry the reader is at this level's StartArray, or, when firstRead is set, already at its first item.
    private static void ReadLevel(ref Utf8JsonReader reader, ref Context context, int level, bool firstRead)
    {
        var items = 0;
        var leaf = level == context.Shape.Length - 1;
        var advanced = firstRead;
        while ((advanced || reader.Read()) && reader.TokenType != JsonTokenType.EndArray)
        {
            advanced = false;
            items++;
            if (leaf)
            {
                if (reader.TokenType == JsonTokenType.StartArray)
                {
                    throw NestingError(context, level);
                }

                Store(ref reader, ref context);
            }
            else
            {
                if (reader.TokenType != JsonTokenType.StartArray)
                {
                    throw NestingError(context, level);
                }

                ReadLevel(ref reader, ref context, level + 1, firstRead: false);
            }
        }

        if (items != context.Shape[level])
        {
            throw NestingError(context, level);
        }
    }

    private static InferenceRequestException NestingError(in Context context, int level) => new(
        $"Input '{context.Name}' has nested data that does not match its shape {TensorDatatypes.FormatShape(context.Shape)} " +
        $"at depth {level}: nest arrays exactly as the shape says, or send the values flat.");

    private static void Store(ref Utf8JsonReader reader, ref Context context)
    {
        var index = context.Count++;
        var inRange = index < context.Values.Length;
        switch (context.Code)
        {
            case TypeCode.Single:
                var wide = ReadFloating(ref reader, context, index);
                var single = (float)wide;
                if (float.IsInfinity(single) && double.IsFinite(wide))
                {
                    throw DoesNotFit(ref reader, context, index);
                }

                if (inRange)
                {
                    ((float[])context.Values)[index] = single;
                }

                break;
            case TypeCode.Double:
                var number = ReadFloating(ref reader, context, index);
                if (inRange)
                {
                    ((double[])context.Values)[index] = number;
                }

                break;
            case TypeCode.Object:
                var full = ReadFloating(ref reader, context, index);
                var half = (Half)full;
                if (Half.IsInfinity(half) && double.IsFinite(full))
                {
                    throw DoesNotFit(ref reader, context, index);
                }

                if (inRange)
                {
                    ((Half[])context.Values)[index] = half;
                }

                break;
            case TypeCode.Int64:
                ExpectNumber(ref reader, context, index);
                var int64 = reader.TryGetInt64(out var l) ? l : throw DoesNotFit(ref reader, context, index);
                if (inRange)
                {
                    ((long[])context.Values)[index] = int64;
                }

                break;
            case TypeCode.Int32:
                ExpectNumber(ref reader, context, index);
                var int32 = reader.TryGetInt32(out var i) ? i : throw DoesNotFit(ref reader, context, index);
                if (inRange)
                {
                    ((int[])context.Values)[index] = int32;
                }

                break;
            case TypeCode.Int16:
                ExpectNumber(ref reader, context, index);
                var int16 = reader.TryGetInt16(out var s) ? s : throw DoesNotFit(ref reader, context, index);
                if (inRange)
                {
                    ((short[])context.Values)[index] = int16;
                }

                break;
            case TypeCode.SByte:
                ExpectNumber(ref reader, context, index);
                var int8 = reader.TryGetSByte(out var sb) ? sb : throw DoesNotFit(ref reader, context, index);
                if (inRange)
                {
                    ((sbyte[])context.Values)[index] = int8;
                }

                break;
            case TypeCode.UInt64:
                ExpectNumber(ref reader, context, index);
                var uint64 = reader.TryGetUInt64(out var ul) ? ul : throw DoesNotFit(ref reader, context, index);
                if (inRange)
                {
                    ((ulong[])context.Values)[index] = uint64;
                }

                break;
            case TypeCode.UInt32:
                ExpectNumber(ref reader, context, index);
                var uint32 = reader.TryGetUInt32(out var ui) ? ui : throw DoesNotFit(ref reader, context, index);
                if (inRange)
                {
                    ((uint[])context.Values)[index] = uint32;
                }

                break;
            case TypeCode.UInt16:
                ExpectNumber(ref reader, context, index);
                var uint16 = reader.TryGetUInt16(out var us) ? us : throw DoesNotFit(ref reader, context, index);
                if (inRange)
                {
                    ((ushort[])context.Values)[index] = uint16;
                }

                break;
            case TypeCode.Byte:
                ExpectNumber(ref reader, context, index);
                var uint8 = reader.TryGetByte(out var b) ? b : throw DoesNotFit(ref reader, context, index);
                if (inRange)
                {
                    ((byte[])context.Values)[index] = uint8;
                }

                break;
            case TypeCode.Boolean:
                var flag = reader.TokenType switch
                {
                    JsonTokenType.True => true,
                    JsonTokenType.False => false,
                    _ => throw WrongType(reader.TokenType, context, index, "true or false"),
                };
                if (inRange)
                {
                    ((bool[])context.Values)[index] = flag;
                }

                break;
            case TypeCode.String:
                var text = reader.TokenType == JsonTokenType.String
                    ? reader.GetString()!
                    : throw WrongType(reader.TokenType, context, index, "a string");
                if (inRange)
                {
                    ((string[])context.Values)[index] = text;
                }

                break;
            default:
                throw new InvalidOperationException($"No reader for {context.Datatype}.");
        }
    }

    private static double ReadFloating(ref Utf8JsonReader reader, in Context context, int index)
    {
        if (JsonFloats.TryGetNamed(ref reader, out var named))
        {
            return named;
        }

        ExpectNumber(ref reader, context, index);
        if (!reader.HasValueSequence && FastFloatParser.TryParse(reader.ValueSpan, out var fast))
        {
            return fast;
        }

        return reader.TryGetDouble(out var value) && double.IsFinite(value) ? value : throw DoesNotFit(ref reader, context, index);
    }

    private static void ExpectNumber(ref Utf8JsonReader reader, in Context context, int index)
    {
        if (reader.TokenType != JsonTokenType.Number)
        {
            throw WrongType(reader.TokenType, context, index, "a number");
        }
    }

    private static InferenceRequestException DoesNotFit(ref Utf8JsonReader reader, in Context context, int index) => new(
        $"Input '{context.Name}' value #{index} ({Encoding.UTF8.GetString(reader.ValueSpan)}) does not fit {context.Datatype}.");

    private static InferenceRequestException WrongType(JsonTokenType token, in Context context, int index, string needed) => new(
        $"Input '{context.Name}' value #{index} is {Describe(token)}, but {context.Datatype} needs {needed}.");

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        _ => token.ToString(),
    };

    private struct Context(string name, string datatype, long[] shape, Array values)
    {
        public readonly string Name = name;
        public readonly string Datatype = datatype;
        public readonly long[] Shape = shape;
        public readonly Array Values = values;
        public readonly TypeCode Code = Type.GetTypeCode(values.GetType().GetElementType());
        public int Count;
    }
}
