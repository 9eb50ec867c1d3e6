namespace MLOps.Contracts.Monitoring;

/// <summary>The kinds of model whose performance monitoring computes from labels.</summary>
public static class MonitoringTasks
{
    /// <summary>No performance metrics: drift and quality only.</summary>
    public const string None = "NONE";

    /// <summary>Accuracy, precision, recall, F1, ROC AUC and log loss.</summary>
    public const string Classification = "CLASSIFICATION";

    /// <summary>MAE, RMSE and R squared.</summary>
    public const string Regression = "REGRESSION";

    /// <summary>Every task, in documentation order.</summary>
    public static IReadOnlyList<string> All { get; } = [None, Classification, Regression];
}
