namespace MLOps.Inference.Onnx;

/// <summary>The metadata fields of an ONNX <c>ModelProto</c>.</summary>
/// <param name="IrVersion">The ONNX IR version the model targets (<c>ir_version</c>).</param>
/// <param name="ProducerName">The tool that wrote the model, e.g. <c>skl2onnx</c> or <c>pytorch</c>.</param>
/// <param name="ProducerVersion">The version of that tool.</param>
/// <param name="GraphName">The name of the main graph.</param>
/// <param name="Domain">The model's reverse-DNS domain, e.g. <c>com.example.fraud</c>.</param>
/// <param name="Description">The model's documentation string.</param>
/// <param name="ModelVersion">The version number the producer gave the model (<c>model_version</c>).</param>
/// <param name="CustomMetadata">The model's <c>metadata_props</c> key-value pairs.</param>
/// <param name="OpsetImports">
/// Operator set versions by domain; the default ONNX domain (empty in the file) is reported as
/// <c>ai.onnx</c>.
/// </param>
public sealed record OnnxModelMetadata(
    long IrVersion,
    string ProducerName,
    string ProducerVersion,
    string GraphName,
    string Domain,
    string Description,
    long ModelVersion,
    IReadOnlyDictionary<string, string> CustomMetadata,
    IReadOnlyDictionary<string, long> OpsetImports);
