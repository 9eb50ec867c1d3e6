using System.Text.Json;
using MLOps.Client.Internal;

namespace MLOps.Client;

/// <summary>
/// A window's performance from its labelled predictions as they stand when asked (labels that arrive after the
/// window closed count). Classification fills accuracy to log loss, regression MAE, RMSE and R squared.
/// </summary>
/// <param name="Task">CLASSIFICATION or REGRESSION.</param>
/// <param name="LabelledRows">Logged predictions of the window that have a label.</param>
/// <param name="Accuracy">Share of correct classes.</param>
/// <param name="Precision">Precision (binary: of the second class; more classes: macro average).</param>
/// <param name="Recall">Recall, averaged as precision is.</param>
/// <param name="F1">F1, averaged as precision is.</param>
/// <param name="RocAuc">ROC AUC from the class scores.</param>
/// <param name="LogLoss">Log loss from the class scores.</param>
/// <param name="Mae">Mean absolute error.</param>
/// <param name="Rmse">Root mean squared error.</param>
/// <param name="R2">R squared.</param>
public sealed record WindowPerformance(
    string Task, long LabelledRows, double? Accuracy, double? Precision, double? Recall, double? F1, double? RocAuc, double? LogLoss,
    double? Mae, double? Rmse, double? R2)
{
    internal const string Fields = "task labelledRows accuracy precision recall f1 rocAuc logLoss mae rmse r2";

    internal static WindowPerformance Read(JsonElement e) => new(
        e.String("task"), e.Int64("labelledRows"), e.OptionalDouble("accuracy"), e.OptionalDouble("precision"), e.OptionalDouble("recall"),
        e.OptionalDouble("f1"), e.OptionalDouble("rocAuc"), e.OptionalDouble("logLoss"), e.OptionalDouble("mae"), e.OptionalDouble("rmse"), e.OptionalDouble("r2"));
}
