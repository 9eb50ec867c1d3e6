using Microsoft.ML.OnnxRuntime;
using MLOps.Inference.Onnx;
using MLOps.Inference.Protocol;

namespace MLOps.Inference.Sessions;

/// <summary>
/// One loaded ONNX model that answers Open Inference Protocol requests. Safe for concurrent
/// <see cref="Run"/> calls: ONNX Runtime sessions are.
/// </summary>
public sealed class ModelSession : IDisposable
{
    private readonly InferenceSession _session;
    private readonly Dictionary<string, OnnxTensorSpec> _inputs;
    private readonly Dictionary<string, OnnxTensorSpec> _outputs;
    private readonly string[] _defaultOutputs;

    /// <summary>Loads the model file with the given settings.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="OnnxModelException">ONNX Runtime cannot load the model.</exception>
    public ModelSession(string modelPath, SessionSettings? settings = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelPath);
        if (!File.Exists(modelPath))
        {
            throw new FileNotFoundException("The model file does not exist.", modelPath);
        }

        settings ??= new SessionSettings();
        using var options = new SessionOptions
        {
            IntraOpNumThreads = settings.IntraOpThreads,
            InterOpNumThreads = settings.InterOpThreads,
            GraphOptimizationLevel = ToLevel(settings.GraphOptimizationLevel),
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL,
        };
        try
        {
            _session = new InferenceSession(modelPath, options);
        }
        catch (OnnxRuntimeException e)
        {
            throw new OnnxModelException(OnnxRuntimeErrorMessage.ToReason(e.Message, modelPath), e);
        }

        Inputs = [.. _session.InputNames.Select(name => OnnxElementTypes.ToSpec(name, _session.InputMetadata[name]))];
        Outputs = [.. _session.OutputNames.Select(name => OnnxElementTypes.ToSpec(name, _session.OutputMetadata[name]))];
        _inputs = Inputs.ToDictionary(spec => spec.Name, StringComparer.Ordinal);
        _outputs = Outputs.ToDictionary(spec => spec.Name, StringComparer.Ordinal);
        _defaultOutputs = [.. Outputs.Where(spec => spec.IsTensor).Select(spec => spec.Name)];
        AcceptsBatches = Inputs.Count > 0 && Inputs.All(spec => spec.IsTensor && spec.Shape.Count > 0 && spec.Shape[0] == -1);
    }

    /// <summary>The model's inputs, as Open Inference Protocol datatypes and shapes with -1 for dynamic dimensions.</summary>
    public IReadOnlyList<OnnxTensorSpec> Inputs { get; }

    /// <summary>The model's outputs, as Open Inference Protocol datatypes and shapes with -1 for dynamic dimensions.</summary>
    public IReadOnlyList<OnnxTensorSpec> Outputs { get; }

    /// <summary>Whether every input is a tensor whose first dimension is dynamic, so requests can be stacked.</summary>
    public bool AcceptsBatches { get; }

    /// <summary>Runs the model once on zeros (one row; dynamic dimensions as 1) so the first request is not slow.</summary>
    public void Warmup()
    {
        if (Inputs.Any(spec => !spec.IsTensor))
        {
            return;
        }

        var inputs = Inputs.Select(spec =>
        {
            var shape = spec.Shape.Select(dimension => dimension < 0 ? 1L : dimension).ToArray();
            var values = TensorDatatypes.Allocate(spec.ElementType, (int)TensorDatatypes.ElementCount(shape));
            if (values is string[] strings)
            {
                Array.Fill(strings, "");
            }

            return new InferInputTensor(spec.Name, shape, spec.ElementType, new TensorData(values));
        }).ToArray();
        Run(new InferenceRequest(null, inputs), "warmup", null);
    }

    /// <summary>Checks the request against the model's signature, runs it, and returns the requested outputs.</summary>
    /// <exception cref="InferenceRequestException">The request does not fit the model's signature.</exception>
    public InferenceResponse Run(InferenceRequest request, string modelName, string? version)
    {
        ArgumentNullException.ThrowIfNull(request);
        var outputNames = SelectOutputs(request.Outputs);
        var values = new List<OrtValue>(request.Inputs.Count);
        try
        {
            var names = new string[request.Inputs.Count];
            for (var i = 0; i < request.Inputs.Count; i++)
            {
                var input = request.Inputs[i];
                Validate(input);
                names[i] = input.Name;
                values.Add(OrtTensors.ToOrtValue(input.Data, input.Shape));
            }

            CheckAllInputsPresent(request.Inputs);
            using var runOptions = new RunOptions();
            using var results = _session.Run(runOptions, names, values, outputNames);
            var outputs = new InferOutputTensor[outputNames.Length];
            var index = 0;
            foreach (var result in results)
            {
                var info = result.GetTensorTypeAndShape();
                var name = outputNames[index];
                var data = OrtTensors.ToTensorData(result, info.ElementDataType)
                    ?? throw new InferenceRequestException(
                        $"Output '{name}' is {OnnxElementTypes.ToDatatype(info.ElementDataType)}, which the Open Inference Protocol cannot carry.");
                outputs[index++] = new InferOutputTensor(name, info.Shape, data.Datatype, data);
            }

            return new InferenceResponse(modelName, version, request.Id, outputs);
        }
        finally
        {
            foreach (var value in values)
            {
                value.Dispose();
            }
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _session.Dispose();

    /// <summary>Checks the request against the signature without running it.</summary>
    internal void Validate(InferenceRequest request)
    {
        SelectOutputs(request.Outputs);
        foreach (var input in request.Inputs)
        {
            Validate(input);
        }

        CheckAllInputsPresent(request.Inputs);
    }

    private string[] SelectOutputs(IReadOnlyList<RequestedOutput>? requested)
    {
        if (requested is null || requested.Count == 0)
        {
            return _defaultOutputs;
        }

        var names = new string[requested.Count];
        for (var i = 0; i < requested.Count; i++)
        {
            var name = requested[i].Name;
            if (!_outputs.TryGetValue(name, out var spec))
            {
                throw new InferenceRequestException(
                    $"The model has no output '{name}'; its outputs are {string.Join(", ", _outputs.Keys)}.");
            }

            if (!spec.IsTensor)
            {
                throw new InferenceRequestException(
                    $"Output '{name}' is a {spec.ElementType}, which the Open Inference Protocol cannot carry as a tensor.");
            }

            names[i] = name;
        }

        return names;
    }

    private void Validate(InferInputTensor input)
    {
        if (!_inputs.TryGetValue(input.Name, out var spec))
        {
            throw new InferenceRequestException(
                $"The model has no input '{input.Name}'; its inputs are {string.Join(", ", _inputs.Keys)}.");
        }

        if (!spec.IsTensor)
        {
            throw new InferenceRequestException(
                $"Input '{input.Name}' is a {spec.ElementType} in the model, which the Open Inference Protocol cannot send.");
        }

        if (input.Datatype != spec.ElementType || input.Data.Datatype != spec.ElementType)
        {
            throw new InferenceRequestException(
                $"Input '{input.Name}' is {input.Datatype} but the model expects {spec.ElementType}.");
        }

        // An empty shape from ONNX Runtime can mean a scalar or an unknown rank; only check what is known.
        if (spec.Shape.Count > 0 && input.Shape.Length != spec.Shape.Count)
        {
            throw new InferenceRequestException(
                $"Input '{input.Name}' has {input.Shape.Length} dimensions {TensorDatatypes.FormatShape(input.Shape)} " +
                $"but the model expects {spec.Shape.Count} {TensorDatatypes.FormatShape(spec.Shape)}.");
        }

        for (var d = 0; d < spec.Shape.Count; d++)
        {
            if (spec.Shape[d] >= 0 && input.Shape[d] != spec.Shape[d])
            {
                throw new InferenceRequestException(
                    $"Input '{input.Name}' has dimension {d} of {input.Shape[d]} but the model expects {spec.Shape[d]} " +
                    $"(shape {TensorDatatypes.FormatShape(spec.Shape)}).");
            }
        }

        var count = TensorDatatypes.ElementCount(input.Shape);
        if (count != input.Data.Length)
        {
            throw new InferenceRequestException(
                $"Input '{input.Name}' has {input.Data.Length} values but its shape {TensorDatatypes.FormatShape(input.Shape)} needs {count}.");
        }
    }

    private void CheckAllInputsPresent(IReadOnlyList<InferInputTensor> inputs)
    {
        foreach (var name in _inputs.Keys)
        {
            if (!inputs.Any(input => input.Name == name))
            {
                throw new InferenceRequestException(
                    $"Input '{name}' is missing; the model needs {string.Join(", ", _inputs.Keys)}.");
            }
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var input in inputs)
        {
            if (!seen.Add(input.Name))
            {
                throw new InferenceRequestException($"Input '{input.Name}' appears more than once.");
            }
        }
    }

    private static GraphOptimizationLevel ToLevel(string level) => level.ToUpperInvariant() switch
    {
        "DISABLED" => GraphOptimizationLevel.ORT_DISABLE_ALL,
        "BASIC" => GraphOptimizationLevel.ORT_ENABLE_BASIC,
        "EXTENDED" => GraphOptimizationLevel.ORT_ENABLE_EXTENDED,
        "ALL" => GraphOptimizationLevel.ORT_ENABLE_ALL,
        _ => throw new ArgumentException(
            $"Graph optimization level '{level}' is not one of disabled, basic, extended, all.", nameof(level)),
    };
}
