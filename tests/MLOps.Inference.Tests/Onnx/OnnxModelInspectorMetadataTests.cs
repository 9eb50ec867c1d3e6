using MLOps.Inference.Onnx;
using MLOps.TestModels;
using MLOps.TestModels.Onnx;

namespace MLOps.Inference.Tests.Onnx;

public sealed class OnnxModelInspectorMetadataTests
{
    private readonly OnnxModelInspector _inspector = new();

    [Fact]
    public void ProducerGraphDomainDescriptionAndVersionsAreReadBack()
    {
        var metadata = _inspector.Inspect(OnnxTestModels.Linear(features: 4, outputs: 2).ToBytes()).Metadata;

        Assert.Equal(OnnxTestModels.IrVersion, metadata.IrVersion);
        Assert.Equal("mlops-tests", metadata.ProducerName);
        Assert.Equal(OnnxTestModels.ProducerVersion, metadata.ProducerVersion);
        Assert.Equal("linear", metadata.GraphName);
        Assert.Equal("mlops.tests", metadata.Domain);
        Assert.Equal("Linear model, 4 features to 2 outputs.", metadata.Description);
        Assert.Equal(1, metadata.ModelVersion);
    }

    [Fact]
    public void CustomMetadataIsReadBack()
    {
        var written = new Dictionary<string, string>
        {
            ["framework"] = "scikit-learn",
            ["trained_on"] = "2025-01-31",
            ["labels"] = "[\"cat\", \"dog\"]",
            ["empty"] = "",
        };

        var metadata = _inspector.Inspect(OnnxTestModels.Linear(4, 2, metadata: written).ToBytes()).Metadata;

        Assert.Equal(written.OrderBy(entry => entry.Key), metadata.CustomMetadata.OrderBy(entry => entry.Key));
    }

    [Fact]
    public void ModelWithoutCustomMetadataReportsAnEmptyDictionary()
    {
        var metadata = _inspector.Inspect(OnnxTestModels.Linear(4, 2).ToBytes()).Metadata;

        Assert.Empty(metadata.CustomMetadata);
    }

    [Fact]
    public void DefaultOpsetIsReportedUnderAiOnnx()
    {
        var metadata = _inspector.Inspect(OnnxTestModels.Linear(4, 2).ToBytes()).Metadata;

        Assert.Equal(new Dictionary<string, long> { ["ai.onnx"] = 17 }, metadata.OpsetImports);
    }

    [Fact]
    public void EveryImportedOpsetIsReportedWithItsVersion()
    {
        var metadata = _inspector.Inspect(OnnxTestModels.Classifier(3, 4, zipMap: true).ToBytes()).Metadata;

        Assert.Equal(new Dictionary<string, long> { ["ai.onnx"] = 17, ["ai.onnx.ml"] = 3 }, metadata.OpsetImports);
    }

    [Fact]
    public void IrVersionProducerVersionAndOpsetsOtherThanTheDefaultsAreReadBack()
    {
        var builder = new OnnxModelBuilder("custom") { IrVersion = 9, ProducerVersion = "2.5.1", ModelVersion = 42 }
            .AddInput("x", OnnxType.Tensor("FP32", -1))
            .AddOutput("y", OnnxType.Tensor("FP32", -1))
            .AddNode("Relu", ["x"], ["y"]);
        builder.OpsetImports[""] = 19;

        var metadata = _inspector.Inspect(builder.Build()).Metadata;

        Assert.Equal((9L, "2.5.1", 42L), (metadata.IrVersion, metadata.ProducerVersion, metadata.ModelVersion));
        Assert.Equal(19, metadata.OpsetImports["ai.onnx"]);
    }

    [Fact]
    public void FileBytesAndStreamGiveTheSameDescription()
    {
        var metadata = new Dictionary<string, string> { ["owner"] = "fraud-team" };
        var model = OnnxTestModels.Linear(4, 2, metadata: metadata).ToBytes();
        using var file = new TemporaryModelFile(model);
        using var stream = new MemoryStream(model);

        var fromFile = _inspector.Inspect(file.ModelPath);
        var fromBytes = _inspector.Inspect(model);
        var fromStream = _inspector.Inspect(stream);

        foreach (var description in new[] { fromBytes, fromStream })
        {
            Assert.Equal(fromFile.Inputs, description.Inputs);
            Assert.Equal(fromFile.Outputs, description.Outputs);
            var sameCollections = fromFile.Metadata with
            {
                CustomMetadata = description.Metadata.CustomMetadata,
                OpsetImports = description.Metadata.OpsetImports,
            };
            Assert.Equal(sameCollections, description.Metadata);
            Assert.Equal(fromFile.Metadata.CustomMetadata, description.Metadata.CustomMetadata);
            Assert.Equal(fromFile.Metadata.OpsetImports, description.Metadata.OpsetImports);
        }
    }

    [Fact]
    public void MissingFileThrowsFileNotFound()
    {
        var path = Path.Combine(Path.GetTempPath(), $"mlops-missing-{Guid.NewGuid():N}.onnx");

        var error = Assert.Throws<FileNotFoundException>(() => _inspector.Inspect(path));

        Assert.Equal(path, error.FileName);
    }
}
