using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MLOps.Api.Monitoring;
using MLOps.Contracts.Monitoring;
using MLOps.IntegrationTests.Fixtures;
using MLOps.IntegrationTests.GraphQL.WebSockets;
using MLOps.Monitoring;
using MLOps.TestModels;

namespace MLOps.IntegrationTests.Monitoring;

/// <summary>
/// Monitoring end to end on one server: a reference profile, traffic with one feature shifted, the closed
/// window's drift against exact computation, the alert (rows, the event hub and a graphql-ws client over the
/// WebSocket transport), its resolution, and label feedback giving the window's accuracy.
/// </summary>
[Collection(MonitoringCollection.Name)]
public sealed class DriftAlertEndToEndTests(MonitoringFixture fixture)
{
    private static readonly string[] Columns = ["age", "income", "score", "tenure"];

    [Fact]
    public async Task AShiftedFeatureRaisesADriftAlertInItsFirstWindowAndLabelsGiveTheWindowsAccuracy()
    {
        var model = OnnxTestModels.Classifier(Columns.Length, 3, withLabel: true, seed: 5);
        var name = await RegisterAsync(model.ToBytes());
        var reference = MonitoringTraffic.NormalRows(2000, Columns.Length, seed: 11);
        using (var upload = new StringContent(MonitoringTraffic.ToCsv(Columns, reference), Encoding.UTF8, "text/csv"))
        using (var response = await fixture.Client.PutAsync($"/api/models/{name}/versions/1/reference", upload))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var profile = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var features = profile.RootElement.GetProperty("summary").GetProperty("features");
            Assert.Equal(2000, profile.RootElement.GetProperty("summary").GetProperty("rowCount").GetInt64());
            Assert.Equal(Columns, features.EnumerateArray().Take(4).Select(f => f.GetProperty("name").GetString()));
            Assert.Equal(Columns.Length + 3 + 1, features.GetArrayLength());
        }

        var deployment = "mon-" + Guid.NewGuid().ToString("N")[..8];
        await fixture.Client.DataAsync("""
            mutation($n: String!, $m: String!) {
              createDeployment(name: $n, routes: [{ modelName: $m, version: 1 }],
                monitoring: { windowSeconds: 2, task: "CLASSIFICATION", predictionOutput: "probabilities" }) { name }
              a: setAlertRule(deployment: $n, rule: { name: "drift", metric: "DRIFT_SHARE", threshold: 0.2, minSamples: 50 }) { id }
              b: setAlertRule(deployment: $n, rule: { name: "score", metric: "FEATURE_DRIFT", feature: "score", threshold: 0.1, minSamples: 50 }) { id }
            }
            """, new { n = deployment, m = name });

        // Both rules need 50 rows: the single warm-up request below lands in a window of its own, whose all-zero row
        // drifts "score" too. Without the minimum that window raised the score alert seconds before the shifted one,
        // sometimes before the graphql-ws client had subscribed, which then saw 1 of the 2 alerts.
        var hub = fixture.Server.Services.GetRequiredService<MonitoringEventHub>();
        var notices = new ConcurrentQueue<MonitoringNotice>();
        using var subscription = hub.Subscribe(new Collector(notices));
        await WaitUntilServedAsync(deployment);

        // A real graphql-ws client (Node.js) subscribed to this deployment's alerts over the WebSocket transport, and
        // beside it this test's own client on a second socket: if one of them misses an alert, the other tells
        // whether the server sent it.
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var subscribers = hub.SubscriberCount;
        await using var watcher = await GraphQLWsTestClient.ConnectAsync(fixture.Client.BaseAddress!);
        await watcher.InitAsync(new { apiKey = fixture.Server.AdminKey });
        await watcher.SubscribeAsync("alerts", "subscription($d: String) { alertRaised(deployment: $d) { ruleName state deployment } }", new { d = deployment });
        await WaitForAsync(() => hub.SubscriberCount > subscribers, "The test's WebSocket client never subscribed.");
        using var client = await GraphQLWsClientScript.StartAsync(
            GraphQLWsTestClient.WebSocketUri(fixture.Client.BaseAddress!), fixture.Server.AdminKey, events: 2, deployment, timeout.Token);
        var clientErrors = client.StandardError.ReadToEndAsync(timeout.Token);
        await WaitForAsync(() => hub.SubscriberCount > subscribers + 1 || client.HasExited, "The graphql-ws client never subscribed.");
        Assert.False(client.HasExited, "The graphql-ws client exited before any alert.");

        // Window 1: "score" shifted by two standard deviations; the other features as in the reference.
        // Seeds chosen so that, on the exact computation, the unshifted features stay clear of the 0.1 threshold
        // (normed Wasserstein 0.03-0.04 against this reference): with 1000 rows, unshifted data reaches 0.1 for
        // some seeds, the sketches or not (see docs/monitoring.md).
        var shifted = MonitoringTraffic.NormalRows(1000, Columns.Length, seed: 17);
        foreach (var row in shifted)
        {
            row[2] += 2f;
        }

        var (start, answers) = await MonitoringTraffic.SendInOneWindowAsync(fixture.Client, deployment, MonitoringFixture.WindowSeconds, shifted);
        var window = await WaitForClosedWindowAsync(deployment, start);
        Assert.Equal(1000, window.GetProperty("count").GetInt64());
        Assert.Equal(0.25, window.GetProperty("driftShare").GetDouble(), 6);
        Assert.False(window.GetProperty("datasetDrift").GetBoolean());
        var drift = window.GetProperty("features").EnumerateArray().ToDictionary(f => f.GetProperty("name").GetString()!);
        Assert.True(drift["score"].GetProperty("drifted").GetBoolean());
        Assert.Equal("WASSERSTEIN", drift["score"].GetProperty("test").GetString());
        foreach (var (column, index) in Columns.Select((c, i) => (c, i)))
        {
            // Exact normed Wasserstein on the raw values against the sketch-based figure; the sketches keep it
            // within their rank error times the range over the reference's standard deviation (docs/monitoring-statistics.md).
            var exact = DriftTests.NormedWasserstein(reference.Select(r => (double)r[index]).ToList(), shifted.Select(r => (double)r[index]).ToList());
            Assert.Equal(exact, drift[column].GetProperty("statistic").GetDouble(), 0.03);
            Assert.Equal(column == "score", drift[column].GetProperty("drifted").GetBoolean());
        }

        var alerts = await AlertsAsync(deployment);
        Assert.Equal(["drift", "score"], alerts.Where(a => a.GetProperty("state").GetString() == "FIRING").Select(a => a.GetProperty("ruleName").GetString()).Order());
        await WaitForAsync(() => notices.Count(n => n.Alert is { State: "FIRING" } a && a.Deployment == deployment) == 2, "The event hub never saw the two alerts.");
        var received = new List<JsonElement>();
        using (var reading = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
        {
            try
            {
                for (var i = 0; i < 2; i++)
                {
                    var text = await client.StandardOutput.ReadLineAsync(reading.Token)
                        ?? throw new InvalidOperationException("The graphql-ws client closed its output early: " + await clientErrors);
                    using var line = JsonDocument.Parse(text);
                    received.Add(line.RootElement.Clone());
                }
            }
            catch (OperationCanceledException)
            {
                client.Kill(entireProcessTree: true);
                Assert.Fail($"The graphql-ws client printed {received.Count} of 2 alerts in a minute; its log:\n{await clientErrors}\n"
                    + $"The test's own subscriber received: {await DrainAsync(watcher)}\n"
                    + "The server's log of monitoring events and WebSocket subscriptions:\n"
                    + fixture.Logs.Dump(line => line.Contains(deployment, StringComparison.Ordinal) || line.Contains("Alert ", StringComparison.Ordinal)
                        || line.Contains("WebSocket", StringComparison.Ordinal) || line.Contains(" Warning ", StringComparison.Ordinal) || line.Contains(" Error ", StringComparison.Ordinal)));
            }
        }

        var watched = new[] { await watcher.ReceiveAsync(TimeSpan.FromSeconds(30)), await watcher.ReceiveAsync(TimeSpan.FromSeconds(30)) };
        Assert.Equal(["drift", "score"], watched.Select(m => m.GetProperty("payload").GetProperty("data").GetProperty("alertRaised").GetProperty("ruleName").GetString()).Order());

        await client.WaitForExitAsync(timeout.Token);
        Assert.True(client.ExitCode == 0, "The graphql-ws client failed: " + await clientErrors);
        Assert.Equal(["drift", "score"], received.Select(a => a.GetProperty("ruleName").GetString()).Order());
        Assert.All(received, a => Assert.Equal(("FIRING", deployment, start), (a.GetProperty("state").GetString(), a.GetProperty("deployment").GetString(), a.GetProperty("windowStart").GetDateTimeOffset())));
        Assert.Equal(0.25, received.Single(a => a.GetProperty("ruleName").GetString() == "drift").GetProperty("value").GetDouble(), 6);
        Assert.Contains(notices, n => n.Window is { } w && w.Deployment == deployment && w.WindowStart == start);

        // Labels: the predicted class for 800 rows, another class for 200, so accuracy is exactly 0.8.
        var labels = answers.Select((a, i) => new { id = a.Id, row = a.RowIndex, label = ((i < 800 ? a.PredictedClass : (a.PredictedClass + 1) % 3)).ToString(System.Globalization.CultureInfo.InvariantCulture) }).ToList();
        await WaitForAsync(() => fixture.Server.Services.GetRequiredService<PredictionLogger>().Pending == 0, "The prediction log never caught up.");
        using (var feedback = await fixture.Client.PostAsJsonAsync($"/api/deployments/{deployment}/feedback", labels))
        {
            Assert.Equal(HttpStatusCode.OK, feedback.StatusCode);
            using var outcome = JsonDocument.Parse(await feedback.Content.ReadAsStringAsync());
            Assert.Equal(1000, outcome.RootElement.GetProperty("matched").GetInt32());
        }

        var performance = (await WindowAsync(deployment, start)).GetProperty("performance");
        Assert.Equal(1000, performance.GetProperty("labelledRows").GetInt64());
        Assert.Equal(0.8, performance.GetProperty("accuracy").GetDouble(), 9);

        // Window 2: no shift; both alerts resolve.
        var unshifted = MonitoringTraffic.NormalRows(1000, Columns.Length, seed: 39);
        var (calm, _) = await MonitoringTraffic.SendInOneWindowAsync(fixture.Client, deployment, MonitoringFixture.WindowSeconds, unshifted);
        var second = await WaitForClosedWindowAsync(deployment, calm);
        Assert.True(second.GetProperty("driftShare").GetDouble() == 0, "Drift in the calm window: " + second.GetProperty("features"));
        foreach (var feature in second.GetProperty("features").EnumerateArray().Take(Columns.Length))
        {
            var index = Array.IndexOf(Columns, feature.GetProperty("name").GetString());
            var exact = DriftTests.NormedWasserstein(reference.Select(r => (double)r[index]).ToList(), unshifted.Select(r => (double)r[index]).ToList());
            Assert.Equal(exact, feature.GetProperty("statistic").GetDouble(), 0.03);
        }
        var after = await AlertsAsync(deployment);
        Assert.All(after, a => Assert.Equal("RESOLVED", a.GetProperty("state").GetString()));
        Assert.Equal(2, after.Count);
        await WaitForAsync(() => notices.Count(n => n.Alert is { State: "RESOLVED" } a && a.Deployment == deployment) == 2, "The event hub never saw the two resolutions.");
    }

    // Whatever the test's own subscriber has received by now, as text for a failure message.
    private static async Task<string> DrainAsync(GraphQLWsTestClient watcher)
    {
        var messages = new List<string>();
        try
        {
            while (messages.Count < 10)
            {
                messages.Add((await watcher.ReceiveAsync(TimeSpan.FromSeconds(2))).GetRawText());
            }
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException or Xunit.Sdk.XunitException)
        {
            messages.Add($"(then nothing: {e.GetType().Name})");
        }

        return string.Join('\n', messages);
    }

    private async Task WaitUntilServedAsync(string deployment) => await WaitForAsync(async () =>
    {
        using var response = await fixture.Client.PostAsJsonAsync($"/v2/models/{deployment}/infer",
            new { id = "warmup", inputs = new[] { new { name = "input", shape = new[] { 1, 4 }, datatype = "FP32", data = new float[4] } } });
        return response.StatusCode == HttpStatusCode.OK;
    }, "The deployment was never served.");

    private async Task<JsonElement> WaitForClosedWindowAsync(string deployment, DateTimeOffset start)
    {
        JsonElement window = default;
        await WaitForAsync(async () =>
        {
            window = await WindowAsync(deployment, start);
            return window.ValueKind == JsonValueKind.Object && window.GetProperty("closed").GetBoolean();
        }, $"The window starting {start:O} never closed.");
        return window;
    }

    private async Task<JsonElement> WindowAsync(string deployment, DateTimeOffset start)
    {
        var data = await fixture.Client.DataAsync("""
            query($n: String!, $from: DateTimeOffset!, $to: DateTimeOffset!) {
              deployment(name: $n) { monitoring { windows(from: $from, to: $to) {
                start closed count driftShare datasetDrift
                features { name test statistic pValue threshold drifted }
                performance { labelledRows accuracy }
              } } }
            }
            """, new { n = deployment, from = start, to = start.AddSeconds(1) });
        var windows = data.GetProperty("deployment").GetProperty("monitoring").GetProperty("windows");
        return windows.GetArrayLength() == 1 ? windows[0] : default;
    }

    private async Task<List<JsonElement>> AlertsAsync(string deployment)
    {
        var data = await fixture.Client.DataAsync("query($n: String!) { deployment(name: $n) { monitoring { alerts { ruleName state value } } } }", new { n = deployment });
        return [.. data.GetProperty("deployment").GetProperty("monitoring").GetProperty("alerts").EnumerateArray()];
    }

    private static Task WaitForAsync(Func<bool> condition, string failure) => MonitoringTraffic.WaitForAsync(() => Task.FromResult(condition()), failure);

    private static Task WaitForAsync(Func<Task<bool>> condition, string failure) => MonitoringTraffic.WaitForAsync(condition, failure);

    private async Task<string> RegisterAsync(byte[] model)
    {
        var name = "monitored-" + Guid.NewGuid().ToString("N")[..8];
        await MonitoringTraffic.RegisterAsync(fixture.Client, name, model);
        return name;
    }

    private sealed class Collector(ConcurrentQueue<MonitoringNotice> notices) : IObserver<MonitoringNotice>
    {
        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }

        public void OnNext(MonitoringNotice value) => notices.Enqueue(value);
    }
}
