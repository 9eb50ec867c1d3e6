namespace MLOps.Storage.Monitoring;

/// <summary>What a feedback call did: labels joined to logged predictions, and ids the log does not hold.</summary>
public sealed record FeedbackOutcome(int Matched, IReadOnlyList<string> Unknown);
