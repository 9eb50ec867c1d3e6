using MLOps.Inference.Protocol;
using MLOps.Inference.Sessions;
using MLOps.Inference.Tests.Onnx;
using MLOps.TestModels;

namespace MLOps.Inference.Tests.Sessions;

public sealed class ModelSessionOutputTests
{
    [Fact]
    public void RequestedOutputsFilterTheResponse()
    {
        var model = OnnxTestModels.Classifier(features: 3, classes: 4);
        using var file = new TemporaryModelFile(model.ToBytes());
        using var session = new ModelSession(file.ModelPath);
        var rows = SessionRows.Make(2, 3);

        var all = session.Run(SessionRows.Request(rows), "c", null);
        var labelOnly = session.Run(SessionRows.Request(rows, outputs: [ClassifierModel.LabelName]), "c", null);

        Assert.Equal([ClassifierModel.ProbabilitiesName, ClassifierModel.LabelName], all.Outputs.Select(output => output.Name));
        var label = Assert.Single(labelOnly.Outputs);
        Assert.Equal("INT64", label.Datatype);
        Assert.Equal(rows.Select(model.PredictLabel), label.Data.As<long>());
    }

    [Fact]
    public void ANonTensorOutputIsLeftOutUnlessAskedFor()
    {
        using var file = new TemporaryModelFile(OnnxTestModels.Classifier(features: 3, classes: 2, zipMap: true).ToBytes());
        using var session = new ModelSession(file.ModelPath);
        var rows = SessionRows.Make(2, 3);

        var response = session.Run(SessionRows.Request(rows), "c", null);
        var error = Assert.Throws<InferenceRequestException>(
            () => session.Run(SessionRows.Request(rows, outputs: [ClassifierModel.ProbabilitiesName]), "c", null));

        Assert.Equal(ClassifierModel.LabelName, Assert.Single(response.Outputs).Name);
        Assert.Equal(
            "Output 'probabilities' is a SEQUENCE, which the Open Inference Protocol cannot carry as a tensor.",
            error.Message);
    }
}
