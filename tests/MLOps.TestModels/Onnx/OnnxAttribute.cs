namespace MLOps.TestModels.Onnx;

/// <summary>A node attribute: an ONNX <c>AttributeProto</c>.</summary>
public sealed class OnnxAttribute
{
    // AttributeProto fields and AttributeType values, from onnx/onnx.proto.
    private const int NameField = 1;
    private const int FloatField = 2;
    private const int IntField = 3;
    private const int StringField = 4;
    private const int FloatsField = 7;
    private const int IntsField = 8;
    private const int StringsField = 9;
    private const int TypeField = 20;
    private const int FloatType = 1;
    private const int IntType = 2;
    private const int StringType = 3;
    private const int FloatsType = 6;
    private const int IntsType = 7;
    private const int StringsType = 8;

    private readonly Action<ProtoMessage> _writeValue;

    private OnnxAttribute(string name, Action<ProtoMessage> writeValue)
    {
        Name = name;
        _writeValue = writeValue;
    }

    /// <summary>The attribute's name, e.g. <c>axis</c>.</summary>
    public string Name { get; }

    /// <summary>An integer attribute.</summary>
    public static OnnxAttribute Int(string name, long value) =>
        new(name, proto => proto.Int64(TypeField, IntType).Int64(IntField, value));

    /// <summary>A float attribute.</summary>
    public static OnnxAttribute Float(string name, float value) =>
        new(name, proto => proto.Int64(TypeField, FloatType).Float(FloatField, value));

    /// <summary>A string attribute, stored as UTF-8 bytes.</summary>
    public static OnnxAttribute String(string name, string value) =>
        new(name, proto => proto.Int64(TypeField, StringType).String(StringField, value));

    /// <summary>A list-of-integers attribute.</summary>
    public static OnnxAttribute Ints(string name, params long[] values) => new(name, proto =>
    {
        proto.Int64(TypeField, IntsType);
        Array.ForEach(values, value => proto.Int64(IntsField, value));
    });

    /// <summary>A list-of-floats attribute.</summary>
    public static OnnxAttribute Floats(string name, params float[] values) => new(name, proto =>
    {
        proto.Int64(TypeField, FloatsType);
        Array.ForEach(values, value => proto.Float(FloatsField, value));
    });

    /// <summary>A list-of-strings attribute.</summary>
    public static OnnxAttribute Strings(string name, params string[] values) => new(name, proto =>
    {
        proto.Int64(TypeField, StringsType);
        Array.ForEach(values, value => proto.String(StringsField, value));
    });

    internal ProtoMessage ToProto()
    {
        var proto = new ProtoMessage().String(NameField, Name);
        _writeValue(proto);
        return proto;
    }
}
