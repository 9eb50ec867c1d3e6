namespace MLOps.Client;

/// <summary>What labels mean for a monitored deployment (<see cref="MonitoringSettings.Task"/>): which performance metrics they give.</summary>
public static class MonitoringTasks
{
    /// <summary>No labels are expected; windows have no performance.</summary>
    public const string None = "NONE";

    /// <summary>Labels are classes: accuracy, precision, recall, F1, ROC AUC and log loss.</summary>
    public const string Classification = "CLASSIFICATION";

    /// <summary>Labels are values: MAE, RMSE and R squared.</summary>
    public const string Regression = "REGRESSION";
}
