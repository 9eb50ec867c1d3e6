namespace MLOps.Contracts.Registry;

/// <summary>Registration status of a model version.</summary>
public static class VersionStatus
{
    /// <summary>Recorded; the artifact is being loaded with ONNX Runtime.</summary>
    public const string Pending = "PENDING_REGISTRATION";

    /// <summary>Loaded and described by ONNX Runtime; usable.</summary>
    public const string Ready = "READY";

    /// <summary>ONNX Runtime could not load the artifact; the reason is kept.</summary>
    public const string Failed = "FAILED_REGISTRATION";
}
