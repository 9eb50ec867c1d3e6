namespace MLOps.Inference.Onnx;

/// <summary>What an ONNX model takes, returns and says about itself, as ONNX Runtime loaded it.</summary>
/// <param name="Inputs">The graph's inputs in declaration order, initializers excluded.</param>
/// <param name="Outputs">The graph's outputs in declaration order.</param>
/// <param name="Metadata">The model's producer, versions, opset imports and custom metadata.</param>
public sealed record OnnxModelDescription(
    IReadOnlyList<OnnxTensorSpec> Inputs,
    IReadOnlyList<OnnxTensorSpec> Outputs,
    OnnxModelMetadata Metadata);
