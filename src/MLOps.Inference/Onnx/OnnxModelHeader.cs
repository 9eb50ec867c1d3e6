namespace MLOps.Inference.Onnx;

/// <summary>The <c>ModelProto</c> fields ONNX Runtime's model metadata leaves out.</summary>
internal sealed record OnnxModelHeader(
    long IrVersion,
    string ProducerVersion,
    IReadOnlyDictionary<string, long> OpsetImports);
