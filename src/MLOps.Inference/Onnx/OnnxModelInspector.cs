using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;

namespace MLOps.Inference.Onnx;

/// <summary>
/// Loads an ONNX model with ONNX Runtime to prove it can be served, and describes its signature and
/// metadata. Safe to use from many threads at once: each call opens and disposes its own session.
/// </summary>
public sealed class OnnxModelInspector
{
    /// <summary>Loads the model file (and any external-data files beside it) and describes it.</summary>
    /// <param name="modelPath">Path of the <c>.onnx</c> file.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="OnnxModelException">ONNX Runtime cannot load the model.</exception>
    public OnnxModelDescription Inspect(string modelPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelPath);
        if (!File.Exists(modelPath))
        {
            throw new FileNotFoundException("The model file does not exist.", modelPath);
        }

        return Inspect(
            options => new InferenceSession(modelPath, options),
            () =>
            {
                using var file = new FileStream(modelPath, FileMode.Open, FileAccess.Read, FileShare.Read);
                return OnnxModelHeaderReader.Read(file);
            },
            modelPath);
    }

    /// <summary>Loads the model from its serialized bytes and describes it.</summary>
    /// <param name="model">The bytes of an ONNX <c>ModelProto</c> whose tensors are stored inside it.</param>
    /// <exception cref="OnnxModelException">ONNX Runtime cannot load the model.</exception>
    public OnnxModelDescription Inspect(byte[] model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Inspect(options => new InferenceSession(model, options), () => OnnxModelHeaderReader.Read(model), null);
    }

    /// <summary>Reads the model from a stream to its end, then loads and describes it.</summary>
    /// <param name="model">A stream positioned at the start of an ONNX <c>ModelProto</c>.</param>
    /// <exception cref="OnnxModelException">ONNX Runtime cannot load the model.</exception>
    public OnnxModelDescription Inspect(Stream model)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var buffer = new MemoryStream();
        model.CopyTo(buffer);
        return Inspect(buffer.ToArray());
    }

    private static OnnxModelDescription Inspect(
        Func<SessionOptions, InferenceSession> openSession,
        Func<OnnxModelHeader> readHeader,
        string? modelPath)
    {
        using var options = CreateSessionOptions();
        InferenceSession session;
        try
        {
            session = openSession(options);
        }
        catch (OnnxRuntimeException e)
        {
            throw new OnnxModelException(OnnxRuntimeErrorMessage.ToReason(e.Message, modelPath), e);
        }

        using (session)
        {
            var inputs = session.InputNames
                .Select(name => OnnxElementTypes.ToSpec(name, session.InputMetadata[name]))
                .ToArray();
            var outputs = session.OutputNames
                .Select(name => OnnxElementTypes.ToSpec(name, session.OutputMetadata[name]))
                .ToArray();
            var metadata = session.ModelMetadata;
            var header = ReadHeader(readHeader);
            return new OnnxModelDescription(
                inputs,
                outputs,
                new OnnxModelMetadata(
                    header.IrVersion,
                    metadata.ProducerName,
                    header.ProducerVersion,
                    metadata.GraphName,
                    metadata.Domain,
                    metadata.Description,
                    metadata.Version,
                    new Dictionary<string, string>(metadata.CustomMetadataMap, StringComparer.Ordinal),
                    header.OpsetImports));
        }
    }

    private static OnnxModelHeader ReadHeader(Func<OnnxModelHeader> readHeader)
    {
        try
        {
            return readHeader();
        }
        catch (InvalidProtocolBufferException e)
        {
            // ONNX Runtime parsed these bytes a moment ago, so this is unlikely; report it the same way.
            throw new OnnxModelException("The model's protobuf header could not be read: " + e.Message, e);
        }
    }

    // Inspection runs each model once: no graph optimisation to spend time on, and one thread so a burst of
    // uploads cannot claim every core.
    private static SessionOptions CreateSessionOptions() => new()
    {
        GraphOptimizationLevel = GraphOptimizationLevel.ORT_DISABLE_ALL,
        IntraOpNumThreads = 1,
        InterOpNumThreads = 1,
        ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
        EnableCpuMemArena = false,
        LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL,
    };
}
