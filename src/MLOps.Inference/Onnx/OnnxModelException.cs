namespace MLOps.Inference.Onnx;

/// <summary>ONNX Runtime could not load a model: the bytes are not ONNX, are damaged, or use what it cannot run.</summary>
public sealed class OnnxModelException : Exception
{
    /// <summary>Creates the exception with ONNX Runtime's reason and the error it raised.</summary>
    /// <param name="reason">Why the model could not be loaded, in ONNX Runtime's words.</param>
    /// <param name="innerException">The error ONNX Runtime raised.</param>
    public OnnxModelException(string reason, Exception? innerException = null)
        : base($"ONNX Runtime could not load the model: {reason}", innerException)
    {
        Reason = reason;
    }

    /// <summary>
    /// Why the model could not be loaded: ONNX Runtime's message, cut to its useful sentences, without
    /// error-code prefixes, source locations or local file paths. Fit to show to the model's owner.
    /// </summary>
    public string Reason { get; }
}
