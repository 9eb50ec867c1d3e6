using MLOps.Contracts.Monitoring;
using MLOps.Storage.Monitoring;

namespace MLOps.Api.GraphQL.Monitoring;

/// <summary>A window as GraphQL shows it: the stored row, its report and the deployment's settings.</summary>
public sealed record MonitoringWindow(WindowRecord Record, WindowReportDocument? Report, MonitoringSpec Spec);
