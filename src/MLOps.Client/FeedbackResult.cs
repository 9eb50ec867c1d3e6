namespace MLOps.Client;

/// <summary>What became of submitted labels.</summary>
/// <param name="Matched">Labels joined to logged predictions.</param>
/// <param name="Unknown">
/// Prediction ids the log does not hold: not sampled, expired, never made, or not written yet (the log is
/// written in the background, usually within a second or two of the answer).
/// </param>
public sealed record FeedbackResult(int Matched, IReadOnlyList<string> Unknown);
