using Google.Protobuf;
using MLOps.Inference.Onnx;
using MLOps.TestModels;

namespace MLOps.Inference.Tests.Onnx;

public sealed class OnnxModelHeaderReaderTests
{
    [Fact]
    public void OpsetWithoutADomainFieldIsTheDefaultDomain()
    {
        var model = Encode(output =>
        {
            output.WriteTag(8, WireFormat.WireType.LengthDelimited);
            output.WriteBytes(Encode(opset =>
            {
                opset.WriteTag(2, WireFormat.WireType.Varint);
                opset.WriteInt64(13);
            }));
        });

        var header = OnnxModelHeaderReader.Read(model.ToByteArray());

        Assert.Equal(new Dictionary<string, long> { ["ai.onnx"] = 13 }, header.OpsetImports);
    }

    [Fact]
    public void FieldsItDoesNotNeedAreSkippedWhereverTheyAppear()
    {
        var model = Encode(output =>
        {
            output.WriteTag(7, WireFormat.WireType.LengthDelimited);
            output.WriteBytes(ByteString.CopyFrom(new byte[100_000]));
            output.WriteTag(99, WireFormat.WireType.Fixed64);
            output.WriteFixed64(123);
            output.WriteTag(98, WireFormat.WireType.Fixed32);
            output.WriteFixed32(456);
            output.WriteTag(30, WireFormat.WireType.LengthDelimited);
            output.WriteString("global_mutable_initializer");
            output.WriteTag(1, WireFormat.WireType.Varint);
            output.WriteInt64(10);
            output.WriteTag(3, WireFormat.WireType.LengthDelimited);
            output.WriteString("3.2.1");
        });

        using var stream = new MemoryStream(model.ToByteArray());
        var header = OnnxModelHeaderReader.Read(stream);

        Assert.Equal((10L, "3.2.1"), (header.IrVersion, header.ProducerVersion));
        Assert.Empty(header.OpsetImports);
    }

    [Fact]
    public void StreamAndBytesOfALargeModelReadTheSameHeader()
    {
        var model = OnnxTestModels.Classifier(features: 1024, classes: 256, zipMap: true).ToBytes();

        var fromBytes = OnnxModelHeaderReader.Read(model);
        using var stream = new MemoryStream(model);
        var fromStream = OnnxModelHeaderReader.Read(stream);

        Assert.Equal((8L, OnnxTestModels.ProducerVersion), (fromBytes.IrVersion, fromBytes.ProducerVersion));
        Assert.Equal(fromBytes.OpsetImports, fromStream.OpsetImports);
        Assert.Equal(2, fromStream.OpsetImports.Count);
    }

    private static ByteString Encode(Action<CodedOutputStream> write)
    {
        using var buffer = new MemoryStream();
        using (var output = new CodedOutputStream(buffer, leaveOpen: true))
        {
            write(output);
        }

        return ByteString.CopyFrom(buffer.ToArray());
    }
}
