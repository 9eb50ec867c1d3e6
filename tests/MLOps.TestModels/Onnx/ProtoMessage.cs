using Google.Protobuf;

namespace MLOps.TestModels.Onnx;

/// <summary>
/// One protobuf message under construction. Fields are kept as writes to replay, because a nested
/// message is length-prefixed and so has to be encoded before its parent can write it.
/// </summary>
internal sealed class ProtoMessage
{
    private readonly List<Action<CodedOutputStream>> _fields = [];

    public ProtoMessage String(int field, string value) => Add(output =>
    {
        output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        output.WriteString(value);
    });

    public ProtoMessage Int64(int field, long value) => Add(output =>
    {
        output.WriteTag(field, WireFormat.WireType.Varint);
        output.WriteInt64(value);
    });

    public ProtoMessage Float(int field, float value) => Add(output =>
    {
        output.WriteTag(field, WireFormat.WireType.Fixed32);
        output.WriteFloat(value);
    });

    public ProtoMessage Bytes(int field, byte[] value) => Add(output =>
    {
        output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(ByteString.CopyFrom(value));
    });

    public ProtoMessage Message(int field, ProtoMessage message) => Bytes(field, message.ToArray());

    public byte[] ToArray()
    {
        using var buffer = new MemoryStream();
        using (var output = new CodedOutputStream(buffer, leaveOpen: true))
        {
            foreach (var write in _fields)
            {
                write(output);
            }
        }

        return buffer.ToArray();
    }

    private ProtoMessage Add(Action<CodedOutputStream> write)
    {
        _fields.Add(write);
        return this;
    }
}
