using MLOps.Contracts.Monitoring;

namespace MLOps.IntegrationTests.GraphQL.WebSockets;

/// <summary>Monitoring notices for the subscription tests, published straight into the server's hub.</summary>
internal static class MonitoringNotices
{
    public const string AlertFields = "id deployment ruleId ruleName metric feature state value threshold windowStart windowEnd message at";

    public static AlertNotice Alert(string deployment, long id, string state = "FIRING") => new(
        id, deployment, Guid.NewGuid(), "drift share", "FEATURE_DRIFT", "petal_width", state, 0.75, 0.5,
        new DateTimeOffset(2026, 1, 2, 3, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 1, 2, 4, 0, 0, TimeSpan.Zero),
        $"Feature drift on {deployment} reached 0.75 (threshold 0.5).", new DateTimeOffset(2026, 1, 2, 4, 0, 1, TimeSpan.Zero));

    public static WindowClosedNotice Window(string deployment) => new(
        deployment, "iris", 3, new DateTimeOffset(2026, 1, 2, 3, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 1, 2, 4, 0, 0, TimeSpan.Zero),
        1234, null, false);

    /// <summary>Waits until <paramref name="condition"/> holds (subscribing and unsubscribing happen asynchronously).</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting until {what}.");
            await Task.Delay(25);
        }
    }
}
