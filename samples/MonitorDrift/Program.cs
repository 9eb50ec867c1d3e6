using System.Globalization;
using System.Text;
using MLOps.Client;
using MLOps.Monitoring;
using MLOps.Samples.MonitorDrift;
using MLOps.Samples.TrainAndServe;

// Monitor TrainAndServe's deployment: a reference profile, drift rules, a window of traffic with one feature shifted,
// labels, and the server's figures checked against exact computation on the raw values.
const string DeploymentName = "train-and-serve";
const int WindowSeconds = 60;
const int ReferenceRows = 3000;
const int ReferenceSeed = 1001;
const int TrafficRows = 1500;
const int TrafficSeed = 1003;
const int ShiftedColumn = 0;
const double ShiftInStandardDeviations = 2;
const double TrafficSeconds = 40;
const double AccuracyTolerance = 1e-9;
string[] columns = ["x0", "x1", "x2", "x3"];
var shifted = columns[ShiftedColumn];
var invariant = CultureInfo.InvariantCulture;

var url = Connection.Url(args);
if (Connection.ApiKey() is not { } apiKey)
{
    Console.Error.WriteLine("No API key: set MLOPS_API_KEY, or start the AppHost (dotnet run --project MLOps.AppHost), which writes .data/admin-key.");
    return 2;
}

await using var client = new MlopsClient(url, apiKey);

// a. The deployment TrainAndServe made, and the version it serves now.
Console.WriteLine($"a. Looking for deployment '{DeploymentName}' at {url}");
if (await client.GetDeploymentAsync(DeploymentName) is not { } deployment
    || deployment.Routes.FirstOrDefault(r => r.Mode == "PRIMARY") is not { } route)
{
    Console.Error.WriteLine($"   No deployment '{DeploymentName}' with a primary route: run TrainAndServe first (dotnet run --project samples/TrainAndServe).");
    return 2;
}

var modelName = route.ModelName;
var version = route.Version
    ?? (await client.GetModelAsync(modelName))?.Aliases.FirstOrDefault(a => a.Alias == route.Alias)?.Version
    ?? throw new InvalidOperationException($"The route follows alias '{route.Alias}' of '{modelName}', which points nowhere.");
Console.WriteLine($"   {DeploymentName} (revision {deployment.Revision}) serves {modelName} version {version}" + (route.Alias is null ? "" : $" through alias '{route.Alias}'"));

// b. The reference: rows drawn as the model's training data was, under named columns.
var reference = SyntheticData.Generate(ReferenceRows, ReferenceSeed).Features;
var csv = new StringBuilder(string.Join(',', columns)).Append('\n');
foreach (var row in reference)
{
    // Each float written as its exact double, so the server profiles the very values computed with below.
    csv.AppendJoin(',', row.Select(v => ((double)v).ToString("R", invariant))).Append('\n');
}

await using (var data = new MemoryStream(Encoding.UTF8.GetBytes(csv.ToString())))
{
    var profile = await client.UploadReferenceAsync(modelName, version, data, ReferenceFormat.Csv);
    Console.WriteLine($"b. Uploaded a reference of {profile.RowCount} rows (CSV, seed {ReferenceSeed}) to {modelName} version {version}; profile {profile.ArtifactSha256[..12]}...");
    foreach (var feature in profile.Features)
    {
        Console.WriteLine(string.Format(invariant, "   {0,-12} {1,-10} {2,-11} mean {3,7:F3}  p5 {4,7:F3}  p95 {5,7:F3}",
            feature.Name, feature.Role, feature.Kind, feature.Mean, feature.P5, feature.P95));
    }
}

// c. Monitoring: one-minute windows, binary classification, and two drift rules, each needing 200 rows in a window (a
// stray request alone in a window would otherwise be judged on one row).
await client.SetMonitoringAsync(DeploymentName, new MonitoringSettings
{
    WindowSeconds = WindowSeconds,
    Task = MonitoringTasks.Classification,
    ClassLabels = ["0", "1"],
});
AlertRule[] rules =
[
    new("monitor-drift-share", AlertMetrics.DriftShare, 0.2) { MinSamples = 200 },
    new($"monitor-drift-{shifted}", AlertMetrics.FeatureDrift, 0.1) { Feature = shifted, MinSamples = 200 },
];
// Saving a rule again replaces it with a new one; a rerun keeps the rules it finds unchanged (and their alerts).
var existing = await client.ListAlertRulesAsync(DeploymentName);
foreach (var rule in rules.Where(r => !existing.Any(e => e with { Id = null, CreatedAt = null, CreatedBy = null } == r)))
{
    await client.SetAlertRuleAsync(DeploymentName, rule);
}

Console.WriteLine($"c. Monitoring {DeploymentName}: {WindowSeconds} s windows, task CLASSIFICATION, classes 0 and 1; rules:");
foreach (var rule in await client.ListAlertRulesAsync(DeploymentName))
{
    Console.WriteLine(string.Format(invariant, "   {0,-22} {1} {2}{3} {4} (min samples {5})",
        rule.Name, rule.Metric, rule.Feature is null ? "" : rule.Feature + " ", rule.Comparator, rule.Threshold, rule.MinSamples));
}

var socket = new UriBuilder(new Uri(client.BaseAddress, "graphql")) { Scheme = url.Scheme == "https" ? "wss" : "ws" }.Uri;
Console.WriteLine("   Watch the alerts arrive in another terminal (graphql-ws; subscriptions are described in docs/monitoring.md#graphql):");
Console.WriteLine("     (cd tests/MLOps.IntegrationTests/GraphQL/WebSockets/client && npm ci)");
Console.WriteLine($"     MLOPS_API_KEY=$(cat .data/admin-key) node tests/MLOps.IntegrationTests/GraphQL/WebSockets/client/subscribe.mjs {socket} 2 {DeploymentName}");

// d. One window of traffic with one feature shifted: every request in the window's first 40 seconds.
var traffic = SyntheticData.Generate(TrafficRows, TrafficSeed);
var referenceMean = reference.Average(r => (double)r[ShiftedColumn]);
var referenceDeviation = Math.Sqrt(reference.Average(r => Math.Pow(r[ShiftedColumn] - referenceMean, 2)));
var shift = ShiftInStandardDeviations * referenceDeviation;
var start = WindowClock.NextStart(DateTimeOffset.UtcNow, WindowSeconds, TimeSpan.FromSeconds(5));
Console.WriteLine($"d. Waiting {(start - DateTimeOffset.UtcNow).TotalSeconds:F0} s for the window starting {start:HH:mm:ss} UTC, then sending {TrafficRows} rows with {shifted} shifted by {ShiftInStandardDeviations} standard deviations (+{shift:F3})");
await Task.Delay(start - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(250));
var served = new List<ServedRequest>(TrafficRows);
for (var i = 0; i < TrafficRows; i++)
{
    var wait = start + TimeSpan.FromMilliseconds(250 + (i * TrafficSeconds * 1000 / TrafficRows)) - DateTimeOffset.UtcNow;
    if (wait > TimeSpan.Zero)
    {
        await Task.Delay(wait);
    }

    var row = (float[])traffic.Features[i].Clone();
    row[ShiftedColumn] = (float)(row[ShiftedColumn] + shift);
    var answer = await client.InferAsync(DeploymentName, [InferenceTensor.Fp32(LogisticRegression.InputName, row, 1, row.Length)]);
    if (answer.Id is null || answer.ModelVersion != version.ToString(invariant))
    {
        Console.Error.WriteLine($"   Request {i} was answered by version {answer.ModelVersion} with id '{answer.Id}'; expected version {version} and an id (is monitoring enabled?).");
        return 1;
    }

    served.Add(new ServedRequest(answer.Id, row, answer.GetOutput(LogisticRegression.OutputName).GetData<float>()[0], (int)traffic.Labels[i]));
}

var end = start.AddSeconds(WindowSeconds);
Console.WriteLine($"   Sent {served.Count} requests by {DateTimeOffset.UtcNow:HH:mm:ss.fff} UTC; the window ends {end:HH:mm:ss} UTC");
if (DateTimeOffset.UtcNow >= end)
{
    Console.Error.WriteLine("   The traffic ran past the window's end; the machine is too busy for this sample.");
    return 1;
}

// e. The true labels; the prediction log is written in the background, so ids not logged yet are sent again.
var expectedAccuracy = served.Count(s => s.Predicted == s.Label) / (double)served.Count;
var pending = served.Select(s => LabelFeedback.ForClass(s.Id, s.Label.ToString(invariant))).ToList();
var matched = 0;
for (var attempt = 0; pending.Count > 0 && attempt < 30; attempt++)
{
    if (attempt > 0)
    {
        await Task.Delay(1000);
    }

    var outcome = await client.SubmitFeedbackAsync(DeploymentName, pending);
    matched += outcome.Matched;
    var unknown = outcome.Unknown.ToHashSet();
    pending = [.. pending.Where(l => unknown.Contains(l.PredictionId))];
}

Console.WriteLine($"e. Submitted labels: {matched} matched, {pending.Count} unknown; accuracy expected from the served predictions (p >= 0.5 is class 1): {expectedAccuracy:F6}");

// f. The closed window against exact computation.
Console.WriteLine("f. Waiting for the window to close (its end plus the server's close grace)");
MonitoringWindow? window = null;
while (DateTimeOffset.UtcNow < end.AddMinutes(2))
{
    var windows = await client.GetWindowsAsync(DeploymentName, start, start.AddSeconds(1), modelName, version, includePerformance: false);
    if (windows.FirstOrDefault() is { Closed: true })
    {
        window = (await client.GetWindowsAsync(DeploymentName, start, start.AddSeconds(1), modelName, version)).Single();
        break;
    }

    await Task.Delay(TimeSpan.FromSeconds(2));
}

if (window is null)
{
    Console.Error.WriteLine($"   The window starting {start:HH:mm:ss} did not close within two minutes of its end.");
    return 1;
}

Console.WriteLine($"   Window {window.Start:HH:mm:ss}-{window.End:HH:mm:ss} UTC closed: {window.Count} rows, {window.Requests} requests, latency p95 {window.LatencyP95:F1} ms");
// docs/monitoring-statistics.md, "Error bounds": |served - exact| <= (eps_ref + eps_cur) * (max - min) / max(sd_ref, 1e-3), with eps a
// sketch's rank error (both sketches here hold more than k values, so both compacted) and min, max over both samples.
var rankError = QuantileSketch.NormalizedRankError(QuantileSketch.DefaultK);
Console.WriteLine(string.Format(invariant, "   tolerance per feature: the bound docs/monitoring-statistics.md states for normed Wasserstein, (eps_ref + eps_cur) * (max - min) / sd_ref with eps = {0:F4}", rankError));
Console.WriteLine("   feature      test          served     exact      |diff|     tolerance  drifted");
var withinTolerance = true;
for (var c = 0; c < columns.Length; c++)
{
    var drift = window.GetFeature(columns[c]);
    var referenceValues = reference.Select(r => (double)r[c]).ToList();
    var windowValues = served.Select(s => (double)s.Row[c]).ToList();
    var exact = DriftTests.NormedWasserstein(referenceValues, windowValues);
    var mean = referenceValues.Average();
    var deviation = Math.Sqrt(referenceValues.Average(v => (v - mean) * (v - mean)));
    var range = Math.Max(referenceValues.Max(), windowValues.Max()) - Math.Min(referenceValues.Min(), windowValues.Min());
    var tolerance = 2 * rankError * range / Math.Max(deviation, DriftTests.MinimumNormalizer);
    var difference = Math.Abs((drift.Statistic ?? double.NaN) - exact);
    withinTolerance &= drift.Test == DriftTestNames.Wasserstein && difference <= tolerance;
    Console.WriteLine(string.Format(invariant, "   {0,-12} {1,-13} {2,-10:F6} {3,-10:F6} {4,-10:F6} {5,-10:F6} {6}",
        drift.Name, drift.Test, drift.Statistic, exact, difference, tolerance, drift.Drifted ? "DRIFTED" : "no"));
}

foreach (var prediction in window.Features.Where(f => f.Role == "PREDICTION"))
{
    Console.WriteLine(string.Format(invariant, "   {0,-12} {1,-13} {2,-10:F6} (a prediction: not in the drift share)    {3}",
        prediction.Name, prediction.Test, prediction.Statistic, prediction.Drifted ? "DRIFTED" : "no"));
}

Console.WriteLine($"   drift share {window.DriftShare:F2}, dataset drift {window.DatasetDrift}, prediction drift {window.PredictionDrift}");
var accuracy = window.Performance?.Accuracy;
Console.WriteLine($"   accuracy: server {accuracy:F9} over {window.Performance?.LabelledRows} labelled rows; local {expectedAccuracy:F9}");

// Rules are judged just after the window closes: give the alerts a few seconds to appear.
IReadOnlyList<Alert> firing = [];
for (var attempt = 0; attempt < 15 && firing.Count == 0; attempt++)
{
    await Task.Delay(attempt == 0 ? 0 : 1000);
    firing = [.. (await client.GetAlertsAsync(DeploymentName, AlertStates.Firing)).Where(a => a.Version == version && a.LastWindow == start && rules.Any(r => r.Name == a.RuleName))];
}

Console.WriteLine($"   FIRING alerts for this window: {firing.Count}");
foreach (var alert in firing)
{
    // An alert raised by an earlier window that still holds keeps that window's value and message.
    Console.WriteLine(alert.WindowStart == start
        ? $"   {alert.RuleName,-22} {alert.Message}"
        : $"   {alert.RuleName,-22} firing since the window at {alert.WindowStart:HH:mm:ss} UTC and still holding in this one: {alert.Message}");
}

// g. The verdict.
var drifted = window.Features.Where(f => f.Role == "INPUT" && f.Drifted).Select(f => f.Name).ToList();
var checks = new (string Check, bool Passed)[]
{
    ($"only {shifted} drifted (drifted: {(drifted.Count == 0 ? "none" : string.Join(", ", drifted))})", drifted.SequenceEqual([shifted])),
    ("every input feature's statistic within its stated tolerance of the exact one", withinTolerance),
    ($"server accuracy equals the local one to {AccuracyTolerance:0e0}", accuracy is { } a && Math.Abs(a - expectedAccuracy) <= AccuracyTolerance),
    ("a DRIFT_SHARE or FEATURE_DRIFT alert is FIRING", firing.Any(a => a.Metric is AlertMetrics.DriftShare or AlertMetrics.FeatureDrift)),
};
Console.WriteLine("g. Checks:");
foreach (var (check, passed) in checks)
{
    Console.WriteLine($"   [{(passed ? "pass" : "FAIL")}] {check}");
}

return checks.All(c => c.Passed) ? 0 : 1;
