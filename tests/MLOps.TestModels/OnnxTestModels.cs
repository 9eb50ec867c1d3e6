using MLOps.TestModels.Onnx;

namespace MLOps.TestModels;

/// <summary>
/// Small ONNX models written in code for tests: deterministic, loadable by ONNX Runtime, and paired where
/// useful with a C# implementation of the same math.
/// </summary>
public static class OnnxTestModels
{
    /// <summary>The producer name every model here carries.</summary>
    public const string ProducerName = "mlops-tests";

    /// <summary>The producer version every model here carries.</summary>
    public const string ProducerVersion = "1.0";

    /// <summary>The ONNX IR version the models declare.</summary>
    public const long IrVersion = 8;

    /// <summary>The version of the default ONNX operator set the models import.</summary>
    public const long Opset = 17;

    /// <summary>The version of the <c>ai.onnx.ml</c> operator set the classic-ML models import.</summary>
    public const long MlOpset = 3;

    private const string MlDomain = "ai.onnx.ml";

    /// <summary>
    /// <c>output = input · W + b</c> (MatMul then Add) with weights drawn from <paramref name="seed"/>.
    /// The batch dimension is symbolic, or fixed at 1 when <paramref name="dynamicBatch"/> is false.
    /// </summary>
    public static LinearModel Linear(
        int features,
        int outputs,
        bool dynamicBatch = true,
        IReadOnlyDictionary<string, string>? metadata = null,
        int seed = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(features);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outputs);
        var random = new Random(seed);
        var weights = Values(random, features * outputs);
        var bias = Values(random, outputs);
        var batch = dynamicBatch ? -1 : 1;

        var builder = new OnnxModelBuilder("linear")
        {
            Description = $"Linear model, {features} features to {outputs} outputs.",
        };
        builder
            .AddInput(LinearModel.InputName, OnnxType.Tensor("FP32", batch, features))
            .AddOutput(LinearModel.OutputName, OnnxType.Tensor("FP32", batch, outputs))
            .AddInitializer(OnnxTensor.Float("weights", weights, features, outputs))
            .AddInitializer(OnnxTensor.Float("bias", bias, outputs))
            .AddNode("MatMul", [LinearModel.InputName, "weights"], ["product"])
            .AddNode("Add", ["product", "bias"], [LinearModel.OutputName]);
        foreach (var (key, value) in metadata ?? new Dictionary<string, string>())
        {
            builder.Metadata[key] = value;
        }

        return new LinearModel(builder.Build(), features, outputs, weights, bias);
    }

    /// <summary>
    /// <c>softmax(input · W + b)</c> over <paramref name="classes"/> classes, with the arg-max label as a
    /// second output when <paramref name="withLabel"/> is set. With <paramref name="zipMap"/> the
    /// probabilities leave through an <c>ai.onnx.ml</c> ZipMap as a sequence of class-to-probability maps,
    /// the way scikit-learn's ONNX exports end.
    /// </summary>
    public static ClassifierModel Classifier(
        int features,
        int classes,
        bool withLabel = true,
        bool zipMap = false,
        int seed = 2)
    {
        var logits = Linear(features, classes, seed: seed);
        var weights = logits.Weights.ToArray();
        var bias = logits.Bias.ToArray();
        var builder = new OnnxModelBuilder("classifier")
            .AddInput(ClassifierModel.InputName, OnnxType.Tensor("FP32", -1, features))
            .AddInitializer(OnnxTensor.Float("weights", weights, features, classes))
            .AddInitializer(OnnxTensor.Float("bias", bias, classes))
            .AddNode("MatMul", [ClassifierModel.InputName, "weights"], ["product"])
            .AddNode("Add", ["product", "bias"], ["logits"]);
        if (zipMap)
        {
            var labels = OnnxAttribute.Ints("classlabels_int64s", [.. Enumerable.Range(0, classes).Select(label => (long)label)]);
            var probabilityMaps = OnnxType.Sequence(OnnxType.Map("INT64", OnnxType.Tensor("FP32")));
            builder.OpsetImports[MlDomain] = MlOpset;
            builder
                .AddNode("Softmax", ["logits"], ["probability_tensor"], [OnnxAttribute.Int("axis", 1)])
                .AddNode("ZipMap", ["probability_tensor"], [ClassifierModel.ProbabilitiesName], [labels], MlDomain)
                .AddOutput(ClassifierModel.ProbabilitiesName, probabilityMaps);
        }
        else
        {
            builder
                .AddNode("Softmax", ["logits"], [ClassifierModel.ProbabilitiesName], [OnnxAttribute.Int("axis", 1)])
                .AddOutput(ClassifierModel.ProbabilitiesName, OnnxType.Tensor("FP32", -1, classes));
        }

        if (withLabel)
        {
            builder
                .AddNode(
                    "ArgMax",
                    ["logits"],
                    [ClassifierModel.LabelName],
                    [OnnxAttribute.Int("axis", 1), OnnxAttribute.Int("keepdims", 0)])
                .AddOutput(ClassifierModel.LabelName, OnnxType.Tensor("INT64", -1));
        }

        return new ClassifierModel(builder.Build(), logits, withLabel, zipMap);
    }

    /// <summary>
    /// <c>output = input</c> for a tensor of the given Open Inference Protocol datatype (FP32, FP64, INT32,
    /// INT64, BOOL, UINT8, INT8, FP16, BYTES or its alias STRING, and the other integer types) and shape;
    /// -1 marks a dynamic dimension.
    /// </summary>
    public static byte[] Identity(string elementType, params long[] shape) =>
        new OnnxModelBuilder("identity")
            .AddInput("input", OnnxType.Tensor(elementType, shape))
            .AddOutput("output", OnnxType.Tensor(elementType, shape))
            .AddNode("Identity", ["input"], ["output"])
            .Build();

    /// <summary>
    /// An <c>ai.onnx.ml</c> DictVectorizer: a map from INT64 keys to FP32 values in, the values laid out in
    /// <paramref name="vocabulary"/> order as FP32 [1, vocabulary size] out. A model whose input is not a tensor.
    /// </summary>
    public static byte[] DictVectorizer(params long[] vocabulary)
    {
        var builder = new OnnxModelBuilder("dict_vectorizer")
            .AddInput("features", OnnxType.Map("INT64", OnnxType.Tensor("FP32")))
            .AddOutput("vector", OnnxType.Tensor("FP32", 1, vocabulary.Length))
            .AddNode(
                "DictVectorizer",
                ["features"],
                ["vector"],
                [OnnxAttribute.Ints("int64_vocabulary", vocabulary)],
                MlDomain);
        builder.OpsetImports[MlDomain] = MlOpset;
        return builder.Build();
    }

    /// <summary>The first half of a valid model's bytes: a protobuf prefix whose graph is cut short.</summary>
    public static byte[] Corrupt()
    {
        var model = Linear(4, 2).ToBytes();
        return model[..(model.Length / 2)];
    }

    /// <summary>A well-formed model whose one node uses an operator no operator set defines.</summary>
    public static byte[] UnsupportedOperator() =>
        new OnnxModelBuilder("unsupported")
            .AddInput("input", OnnxType.Tensor("FP32", -1, 4))
            .AddOutput("output", OnnxType.Tensor("FP32", -1, 4))
            .AddNode("MLOpsNoSuchOperator", ["input"], ["output"])
            .Build();

    // Multiples of 1/8 in [-2, 2]: exact in FP32, so the weights survive the round trip bit for bit.
    private static float[] Values(Random random, int count) =>
        Enumerable.Range(0, count).Select(_ => random.Next(-16, 17) / 8f).ToArray();
}
