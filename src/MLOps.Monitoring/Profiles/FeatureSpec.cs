namespace MLOps.Monitoring.Profiles;

/// <summary>A monitored column: its name, how its values are compared and whether it is an input or an output.</summary>
/// <param name="Name">The column name, unique within a profile.</param>
/// <param name="Kind">Numeric (compared by distributions) or categorical (compared by frequencies).</param>
/// <param name="Role">Model input or model prediction.</param>
public sealed record FeatureSpec(string Name, FeatureKind Kind, FeatureRole Role = FeatureRole.Input);
