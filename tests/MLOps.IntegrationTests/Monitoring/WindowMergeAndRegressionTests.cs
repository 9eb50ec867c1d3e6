using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MLOps.Api.Monitoring;
using MLOps.Contracts.Monitoring;
using MLOps.Grains.Monitoring;
using MLOps.IntegrationTests.Fixtures;
using MLOps.Monitoring.Evaluation;
using MLOps.Monitoring.Windows;
using MLOps.Storage.Monitoring;
using MLOps.TestModels;

namespace MLOps.IntegrationTests.Monitoring;

/// <summary>Window grains merging replicas' partials, and regression performance from label feedback.</summary>
[Collection(MonitoringCollection.Name)]
public sealed class WindowMergeAndRegressionTests(MonitoringFixture fixture)
{
    [Fact]
    public async Task PartialsFromTwoReplicasMergeToWhatOneProfileOverAllTheDataGivesAndARetriedFlushCountsOnce()
    {
        var model = "merge-" + Guid.NewGuid().ToString("N")[..8];
        await MonitoringTraffic.RegisterAsync(fixture.Client, model, OnnxTestModels.Classifier(4, 3, withLabel: false, seed: 21).ToBytes());
        using (var csv = new StringContent(MonitoringTraffic.ToCsv(["a", "b", "c", "d"], MonitoringTraffic.NormalRows(3000, 4, seed: 1)), Encoding.UTF8, "text/csv"))
        using (var put = await fixture.Client.PutAsync($"/api/models/{model}/versions/1/reference", csv))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        await fixture.Client.DataAsync("mutation($n: String!) { createDeployment(name: $n, routes: [{ modelName: $n, version: 1 }], monitoring: { windowSeconds: 3600 }) { name } }", new { n = model });
        var reference = (await fixture.Server.Services.GetRequiredService<ReferenceProfiles>().GetAsync(model, 1, default))!.Value.Profile;
        var rows = MonitoringTraffic.NormalRows(4000, 4, seed: 2);
        foreach (var row in rows.Take(1500))
        {
            row[1] = (row[1] * 2) + 1;
        }

        var flat = rows.SelectMany(r => r).ToArray();
        var first = Profile(reference, flat.AsSpan(0, 2000 * 4));
        var second = Profile(reference, flat.AsSpan(2000 * 4));
        var all = Profile(reference, flat);

        var key = new DriftWindowKey(model, model, 1, DriftWindowKey.StartOf(DateTimeOffset.UtcNow, 3600));
        var grain = fixture.Server.Services.GetRequiredService<IGrainFactory>().GetGrain<IDriftWindowGrain>(key.ToString());
        await grain.AddPartialAsync(new WindowPartial("replica-a", 1, 3600, first.Serialize()));
        await grain.AddPartialAsync(new WindowPartial("replica-b", 1, 3600, second.Serialize()));
        await grain.AddPartialAsync(new WindowPartial("replica-a", 1, 3600, first.Serialize()));
        var merged = MonitoringJson.Parse((await grain.EvaluateAsync()).ReportJson)!;
        var single = WindowEvaluator.Evaluate(reference, all, WindowJudge.Options(new MonitoringSpec()));

        Assert.Equal(4000, merged.Rows);
        foreach (var expected in single.Drift.Where(d => d.Role == MLOps.Monitoring.Profiles.FeatureRole.Input))
        {
            var actual = merged.Features.Single(f => f.Name == expected.Name);
            Assert.Equal(expected.Count, actual.Count);
            Assert.Equal(expected.Drifted, actual.Drifted);
            Assert.Equal(expected.Statistic, actual.Statistic!.Value, 0.02);
        }

        Assert.True(merged.Features.Single(f => f.Name == "b").Drifted);
        Assert.Equal(single.Quality.Select(q => (q.Name, q.Count, q.OutOfRangeShare)), merged.Quality.Select(q => (q.Name, q.Count, q.OutOfRangeShare)));
    }

    [Fact]
    public async Task AWindowReactivatedFromItsCheckpointStillCountsARetriedPartialOnce()
    {
        var model = "reactivate-" + Guid.NewGuid().ToString("N")[..8];
        await MonitoringTraffic.RegisterAsync(fixture.Client, model, OnnxTestModels.Classifier(4, 3, withLabel: false, seed: 22).ToBytes());
        using (var csv = new StringContent(MonitoringTraffic.ToCsv(["a", "b", "c", "d"], MonitoringTraffic.NormalRows(500, 4, seed: 4)), Encoding.UTF8, "text/csv"))
        using (var put = await fixture.Client.PutAsync($"/api/models/{model}/versions/1/reference", csv))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        await fixture.Client.DataAsync("mutation($n: String!) { createDeployment(name: $n, routes: [{ modelName: $n, version: 1 }], monitoring: { windowSeconds: 3600 }) { name } }", new { n = model });
        var reference = (await fixture.Server.Services.GetRequiredService<ReferenceProfiles>().GetAsync(model, 1, default))!.Value.Profile;
        var flat = MonitoringTraffic.NormalRows(1000, 4, seed: 3).SelectMany(r => r).ToArray();
        var first = Profile(reference, flat.AsSpan(0, 600 * 4));
        var second = Profile(reference, flat.AsSpan(600 * 4));
        var factory = fixture.Server.Services.GetRequiredService<IGrainFactory>();
        var key = new DriftWindowKey(model, model, 1, DriftWindowKey.StartOf(DateTimeOffset.UtcNow, 3600)).ToString();
        await factory.GetGrain<IDriftWindowGrain>(key).AddPartialAsync(new WindowPartial("replica-a", 7, 3600, first.Serialize()));

        // Deactivation checkpoints the window; the next call activates it again from PostgreSQL.
        var management = factory.GetGrain<IManagementGrain>(0);
        await management.ForceActivationCollection(TimeSpan.Zero);
        var active = await management.GetDetailedGrainStatistics([typeof(DriftWindowGrain).FullName!]);
        Assert.DoesNotContain(active, s => s.GrainId.Key.ToString() == key);

        var grain = factory.GetGrain<IDriftWindowGrain>(key);
        await grain.AddPartialAsync(new WindowPartial("replica-a", 7, 3600, first.Serialize()));
        await grain.AddPartialAsync(new WindowPartial("replica-a", 8, 3600, second.Serialize()));
        var report = MonitoringJson.Parse((await grain.EvaluateAsync()).ReportJson)!;

        Assert.Equal(1000, report.Rows);
    }

    [Fact]
    public async Task RegressionLabelsGiveTheWindowsMaeRmseAndRSquared()
    {
        var linear = OnnxTestModels.Linear(4, 1, seed: 8);
        var model = "reg-" + Guid.NewGuid().ToString("N")[..8];
        await MonitoringTraffic.RegisterAsync(fixture.Client, model, linear.ToBytes());
        await fixture.Client.DataAsync("mutation($n: String!) { createDeployment(name: $n, routes: [{ modelName: $n, version: 1 }], monitoring: { windowSeconds: 2, task: \"REGRESSION\" }) { name } }", new { n = model });
        await MonitoringTraffic.WaitForAsync(async () =>
        {
            using var response = await fixture.Client.PostAsJsonAsync($"/v2/models/{model}/infer", new { inputs = new[] { new { name = "input", shape = new[] { 1, 4 }, datatype = "FP32", data = new float[4] } } });
            return response.StatusCode == HttpStatusCode.OK;
        }, "The deployment was never served.");

        var now = DateTimeOffset.UtcNow;
        var start = DriftWindowKey.StartOf(now, 2).AddSeconds(2);
        await Task.Delay(start - now + TimeSpan.FromMilliseconds(50));
        var pairs = new List<(string Id, double Predicted, double Actual)>();
        var random = new Random(4);
        foreach (var row in MonitoringTraffic.NormalRows(150, 4, seed: 5))
        {
            using var response = await fixture.Client.PostAsJsonAsync($"/v2/models/{model}/infer", new { inputs = new[] { new { name = "input", shape = new[] { 1, 4 }, datatype = "FP32", data = row } } });
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var predicted = body.RootElement.GetProperty("outputs")[0].GetProperty("data")[0].GetDouble();
            pairs.Add((body.RootElement.GetProperty("id").GetString()!, predicted, predicted + (random.NextDouble() - 0.5)));
        }

        await MonitoringTraffic.WaitForAsync(() => Task.FromResult(fixture.Server.Services.GetRequiredService<PredictionLogger>().Pending == 0), "The prediction log never caught up.");
        var feedback = await fixture.Client.DataAsync("""
            mutation($n: String!, $l: [FeedbackInput!]!) { submitFeedback(deployment: $n, labels: $l) { matched unknown } }
            """, new { n = model, l = pairs.Select(p => new { predictionId = p.Id, value = p.Actual }) });
        Assert.Equal(150, feedback.GetProperty("submitFeedback").GetProperty("matched").GetInt32());

        // The log keeps the FP32 prediction exactly; the JSON answer prints it in shortest form, so the two
        // differ in the ninth decimal, hence six places below.
        var mae = pairs.Average(p => Math.Abs(p.Actual - p.Predicted));
        var rmse = Math.Sqrt(pairs.Average(p => Math.Pow(p.Actual - p.Predicted, 2)));
        var mean = pairs.Average(p => p.Actual);
        var r2 = 1 - (pairs.Sum(p => Math.Pow(p.Actual - p.Predicted, 2)) / pairs.Sum(p => Math.Pow(p.Actual - mean, 2)));
        JsonElement performance = default;
        await MonitoringTraffic.WaitForAsync(async () =>
        {
            var data = await fixture.Client.DataAsync("""
                query($n: String!, $from: DateTimeOffset!, $to: DateTimeOffset!) {
                  deployment(name: $n) { monitoring { windows(from: $from, to: $to) { closed performance { task labelledRows mae rmse r2 } } } }
                }
                """, new { n = model, from = start, to = start.AddSeconds(1) });
            var windows = data.GetProperty("deployment").GetProperty("monitoring").GetProperty("windows");
            if (windows.GetArrayLength() == 1 && windows[0].GetProperty("closed").GetBoolean())
            {
                performance = windows[0].GetProperty("performance");
                return true;
            }

            return false;
        }, "The window never closed.");
        Assert.Equal(("REGRESSION", 150L), (performance.GetProperty("task").GetString(), performance.GetProperty("labelledRows").GetInt64()));
        Assert.Equal(mae, performance.GetProperty("mae").GetDouble(), 6);
        Assert.Equal(rmse, performance.GetProperty("rmse").GetDouble(), 6);
        Assert.Equal(r2, performance.GetProperty("r2").GetDouble(), 6);
    }

    private static WindowProfile Profile(MLOps.Monitoring.Profiles.ReferenceProfile reference, ReadOnlySpan<float> rows)
    {
        var profile = new WindowProfile(reference.Specs, reference);
        profile.AddRowMajor(rows, 4, 0);
        return profile;
    }
}
