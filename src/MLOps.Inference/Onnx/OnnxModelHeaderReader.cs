using Google.Protobuf;

namespace MLOps.Inference.Onnx;

/// <summary>
/// Reads the top-level <c>ModelProto</c> fields ONNX Runtime does not expose (IR version, producer version,
/// opset imports) straight off the wire. The graph (field 7) is skipped unread, so a large model costs one
/// pass over its bytes and no allocations beyond the few small fields kept.
/// </summary>
internal static class OnnxModelHeaderReader
{
    /// <summary>The name of the default ONNX operator-set domain, which files write as an empty string.</summary>
    public const string DefaultDomain = "ai.onnx";

    // Field numbers from onnx/onnx.proto: ModelProto and OperatorSetIdProto.
    private const int IrVersionField = 1;
    private const int ProducerVersionField = 3;
    private const int OpsetImportField = 8;
    private const int OpsetDomainField = 1;
    private const int OpsetVersionField = 2;

    public static OnnxModelHeader Read(Stream model)
    {
        using var input = new CodedInputStream(model, leaveOpen: true);
        return Read(input);
    }

    public static OnnxModelHeader Read(byte[] model)
    {
        using var input = new CodedInputStream(model);
        return Read(input);
    }

    private static OnnxModelHeader Read(CodedInputStream input)
    {
        long irVersion = 0;
        var producerVersion = "";
        var opsetImports = new Dictionary<string, long>(StringComparer.Ordinal);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag), WireFormat.GetTagWireType(tag))
            {
                case (IrVersionField, WireFormat.WireType.Varint):
                    irVersion = input.ReadInt64();
                    break;
                case (ProducerVersionField, WireFormat.WireType.LengthDelimited):
                    producerVersion = input.ReadString();
                    break;
                case (OpsetImportField, WireFormat.WireType.LengthDelimited):
                    var (domain, version) = ReadOperatorSetId(input.ReadBytes());
                    opsetImports[domain] = version;
                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }

        return new OnnxModelHeader(irVersion, producerVersion, opsetImports);
    }

    private static (string Domain, long Version) ReadOperatorSetId(ByteString message)
    {
        var domain = "";
        long version = 0;
        using var input = message.CreateCodedInput();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag), WireFormat.GetTagWireType(tag))
            {
                case (OpsetDomainField, WireFormat.WireType.LengthDelimited):
                    domain = input.ReadString();
                    break;
                case (OpsetVersionField, WireFormat.WireType.Varint):
                    version = input.ReadInt64();
                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }

        return (domain.Length == 0 ? DefaultDomain : domain, version);
    }
}
