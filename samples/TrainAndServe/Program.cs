using System.Globalization;
using MLOps.Client;
using MLOps.Samples.TrainAndServe;

// Train a logistic regression in plain C#, track it, register it, deploy it and call it over the Open Inference Protocol.
const string ExperimentName = "train-and-serve";
const string ModelName = "train-and-serve-logreg";
const string DeploymentName = "train-and-serve";
const int Seed = 42;
const int Epochs = 60;
const int BatchSize = 64;
const double LearningRate = 0.1;
const double L2 = 0.001;

var url = Connection.Url(args);
if (Connection.ApiKey() is not { } apiKey)
{
    Console.Error.WriteLine("No API key: set MLOPS_API_KEY, or start the AppHost (dotnet run --project MLOps.AppHost), which writes .data/admin-key.");
    return 2;
}

await using var client = new MlopsClient(url, apiKey);
var experiment = await client.GetOrCreateExperimentAsync(ExperimentName);
var (train, validation) = SyntheticData.Generate(4000, Seed).Split(3200);
var model = new LogisticRegression(SyntheticData.FeatureCount);
string runId;
await using (var run = await client.StartRunAsync(experiment.Id, $"logreg-{DateTimeOffset.UtcNow:yyyyMMdd-HHmmss}"))
{
    runId = run.Id;
    Console.WriteLine($"Run {run.Id} in experiment '{experiment.Name}' at {url}");
    run.LogParam("learning_rate", LearningRate);
    run.LogParam("epochs", Epochs);
    run.LogParam("batch_size", BatchSize);
    run.LogParam("l2", L2);
    run.LogParam("seed", Seed);
    run.SetTag("sample", "TrainAndServe");
    await run.LogInputsAsync([
        new DatasetInput("synthetic-train", train.Digest(), $"generated:seed={Seed}", "training"),
        new DatasetInput("synthetic-validation", validation.Digest(), $"generated:seed={Seed}", "validation"),
    ]);

    // Every mini-batch loss is a metric point: a few thousand of them, batched to the server in the background.
    var random = new Random(Seed);
    var order = Enumerable.Range(0, train.Count).ToArray();
    long step = 0;
    for (var epoch = 1; epoch <= Epochs; epoch++)
    {
        random.Shuffle(order);
        for (var start = 0; start + BatchSize <= train.Count; start += BatchSize)
        {
            run.LogMetric("batch_loss", model.Step(train, order, start, BatchSize, LearningRate, L2), step++);
        }

        var (trainLoss, trainAccuracy) = model.Evaluate(train);
        var (validationLoss, validationAccuracy) = model.Evaluate(validation);
        run.LogMetrics(new Dictionary<string, double>
        {
            ["train_loss"] = trainLoss,
            ["train_accuracy"] = trainAccuracy,
            ["val_loss"] = validationLoss,
            ["val_accuracy"] = validationAccuracy,
        }, epoch);
        if (epoch % 10 == 0)
        {
            Console.WriteLine($"epoch {epoch,3}: val_loss {validationLoss:F4}  val_accuracy {validationAccuracy:P1}");
        }
    }

    var onnx = Path.Combine(Path.GetTempPath(), $"train-and-serve-{run.Id}.onnx");
    await File.WriteAllBytesAsync(onnx, model.ToOnnx());
    var artifact = await run.LogArtifactAsync(onnx, "model/model.onnx");
    File.Delete(onnx);
    Console.WriteLine($"Logged {step} batch_loss points and {artifact.Path} ({artifact.SizeBytes} bytes, sha256 {artifact.Sha256[..12]}...)");
    await run.EndAsync();
}

var history = await client.GetMetricHistoryAsync(runId, "batch_loss", maxPoints: 2);
var version = await client.RegisterModelFromRunAsync(ModelName, runId, "model/model.onnx", "Logistic regression from the TrainAndServe sample");
Console.WriteLine($"Server has {history.TotalPoints} batch_loss points; registered {ModelName} version {version.Version} ({version.Status})");
await client.SetAliasAsync(ModelName, "champion", version.Version);
await client.CreateOrUpdateDeploymentAsync(DeploymentName, ModelName, alias: "champion");
await client.WaitForDeploymentAsync(DeploymentName);

// The deployment follows the alias: wait until the new champion answers (replicas refresh their routes within a second or so).
var rows = validation.Features[..5];
var input = InferenceTensor.Fp32(LogisticRegression.InputName, [.. rows.SelectMany(r => r)], rows.Length, SyntheticData.FeatureCount);
var expectedVersion = version.Version.ToString(CultureInfo.InvariantCulture);
var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
InferenceResult result;
while ((result = await client.InferAsync(DeploymentName, [input])).ModelVersion != expectedVersion && DateTimeOffset.UtcNow < deadline)
{
    await Task.Delay(200);
}

var served = result.GetOutput(LogisticRegression.OutputName).GetData<float>();
Console.WriteLine($"Deployment '{DeploymentName}' answered with {result.ModelName} version {result.ModelVersion}:");
var worst = 0f;
for (var i = 0; i < rows.Length; i++)
{
    var local = model.Predict(rows[i]);
    worst = Math.Max(worst, Math.Abs(local - served[i]));
    Console.WriteLine($"  [{string.Join(", ", rows[i].Select(x => x.ToString("F2", CultureInfo.InvariantCulture)))}]  in-process {local:F6}  served {served[i]:F6}");
}

Console.WriteLine(worst < 1e-5 ? "The served predictions match the in-process ones." : $"The served predictions differ by up to {worst}.");
return worst < 1e-5 && result.ModelVersion == expectedVersion ? 0 : 1;
