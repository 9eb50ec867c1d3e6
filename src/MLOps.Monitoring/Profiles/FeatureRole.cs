namespace MLOps.Monitoring.Profiles;

/// <summary>Whether a monitored column is something the model reads or something it produces.</summary>
public enum FeatureRole
{
    /// <summary>A model input; its drift counts toward the dataset drift share.</summary>
    Input,

    /// <summary>A model output (score, class, value); its drift is reported separately as prediction drift.</summary>
    Prediction,
}
