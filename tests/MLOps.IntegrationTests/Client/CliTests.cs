using System.Security.Cryptography;
using System.Text.Json;
using MLOps.Cli;
using MLOps.Client;
using MLOps.IntegrationTests.Fixtures;
using MLOps.TestModels;

namespace MLOps.IntegrationTests.Client;

/// <summary>The `mlops` command line, run in-process against the test server.</summary>
[Collection(RegistryCollection.Name)]
public sealed class CliTests(ServerFixture fixture)
{
    [Fact]
    public async Task ExperimentsAreCreatedAndListedAsJsonAndTables()
    {
        var name = "cli-" + Guid.NewGuid().ToString("N");
        var created = await RunAsync("experiments", "create", name, "--tag", "team=cli", "--json");
        Assert.Equal(0, created.Exit);
        using var experiment = JsonDocument.Parse(created.Out);
        Assert.Equal(name, experiment.RootElement.GetProperty("name").GetString());
        Assert.Equal("cli", experiment.RootElement.GetProperty("tags").GetProperty("team").GetString());

        var listed = await RunAsync("experiments", "list", "--json");
        Assert.Equal(0, listed.Exit);
        using var list = JsonDocument.Parse(listed.Out);
        Assert.Contains(list.RootElement.EnumerateArray(), e => e.GetProperty("name").GetString() == name);

        var table = await RunAsync("experiments", "show", name);
        Assert.Equal(0, table.Exit);
        Assert.Contains(name, table.Out, StringComparison.Ordinal);
        Assert.Contains("team=cli", table.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunsAreShownComparedAndTheirHistoryPrinted()
    {
        await using var client = new MlopsClient(fixture.Client);
        var experiment = await client.CreateExperimentAsync("cli-runs-" + Guid.NewGuid().ToString("N"));
        var ids = new List<string>();
        foreach (var lr in new[] { "0.1", "0.05" })
        {
            await using var run = await client.StartRunAsync(experiment.Id, "lr-" + lr);
            run.LogParam("lr", lr);
            run.LogParam("depth", "6");
            for (var step = 0; step < 50; step++)
            {
                run.LogMetric("loss", 1.0 / (step + 1), step);
            }

            ids.Add(run.Id);
        }

        var shown = await RunAsync("runs", "show", ids[0]);
        Assert.Equal(0, shown.Exit);
        Assert.Contains("lr-0.1", shown.Out, StringComparison.Ordinal);
        Assert.Contains("depth", shown.Out, StringComparison.Ordinal);
        Assert.Contains("FINISHED", shown.Out, StringComparison.Ordinal);

        var compared = await RunAsync("runs", "compare", ids[0], ids[1], "--json");
        Assert.Equal(0, compared.Exit);
        using var comparison = JsonDocument.Parse(compared.Out);
        var parameters = comparison.RootElement.GetProperty("params").EnumerateArray().ToDictionary(p => p.GetProperty("key").GetString()!);
        Assert.True(parameters["lr"].GetProperty("differs").GetBoolean());
        Assert.False(parameters["depth"].GetProperty("differs").GetBoolean());
        var table = await RunAsync("runs", "compare", ids[0], ids[1]);
        Assert.Contains("0.05", table.Out, StringComparison.Ordinal);

        var listed = await RunAsync("runs", "list", "-e", experiment.Name, "--filter", "params.lr = '0.05' OR params.lr = '0.1'", "--order-by", "attributes.start_time", "--json");
        Assert.Equal(0, listed.Exit);
        using (var runs = JsonDocument.Parse(listed.Out))
        {
            Assert.Equal(ids, runs.RootElement.EnumerateArray().Select(r => r.GetProperty("id").GetString()!));
        }

        var one = await RunAsync("runs", "list", "--experiment", experiment.Id, "--filter", "params.lr = '0.05'");
        Assert.Contains(ids[1], one.Out, StringComparison.Ordinal);
        Assert.DoesNotContain(ids[0], one.Out, StringComparison.Ordinal);

        var history = await RunAsync("runs", "history", ids[1], "loss", "--max-points", "10", "--json");
        Assert.Equal(0, history.Exit);
        using var series = JsonDocument.Parse(history.Out);
        Assert.Equal(50, series.RootElement.GetProperty("totalPoints").GetInt64());
    }

    [Fact]
    public async Task ArtifactsAreUploadedAndDownloadedByHashAndUnderARun()
    {
        var folder = Directory.CreateTempSubdirectory("mlops-cli-");
        try
        {
            var file = Path.Combine(folder.FullName, "weights.bin");
            var content = RandomNumberGenerator.GetBytes(300_000);
            await File.WriteAllBytesAsync(file, content);
            var sha256 = Convert.ToHexStringLower(SHA256.HashData(content));

            var uploaded = await RunAsync("artifacts", "upload", file, "--json");
            Assert.Equal(0, uploaded.Exit);
            using (var answer = JsonDocument.Parse(uploaded.Out))
            {
                Assert.Equal(sha256, answer.RootElement.GetProperty("sha256").GetString());
            }

            var copy = Path.Combine(folder.FullName, "copy.bin");
            Assert.Equal(0, (await RunAsync("artifacts", "download", sha256, "-o", copy)).Exit);
            Assert.Equal(content, await File.ReadAllBytesAsync(copy));

            await using var client = new MlopsClient(fixture.Client);
            var experiment = await client.CreateExperimentAsync("cli-artifacts-" + Guid.NewGuid().ToString("N"));
            await using var run = await client.StartRunAsync(experiment.Id);
            Assert.Equal(0, (await RunAsync("artifacts", "upload", file, "--run", run.Id, "--path", "nested/weights.bin")).Exit);
            var listed = await RunAsync("artifacts", "list", "--run", run.Id);
            Assert.Contains("nested/weights.bin", listed.Out, StringComparison.Ordinal);
            var fromRun = Path.Combine(folder.FullName, "from-run.bin");
            var downloaded = await RunAsync("artifacts", "download", run.Id, "nested/weights.bin", "--output", fromRun);
            Assert.Equal(0, downloaded.Exit);
            Assert.Contains(sha256, downloaded.Out, StringComparison.Ordinal);
            Assert.Equal(content, await File.ReadAllBytesAsync(fromRun));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task InferCallsADeploymentWithJsonInputs()
    {
        await using var client = new MlopsClient(fixture.Client);
        var linear = OnnxTestModels.Linear(4, 1, seed: 81);
        var stored = await client.UploadArtifactAsync(new MemoryStream(linear.ToBytes()));
        var model = "cli-model-" + Guid.NewGuid().ToString("N")[..8];
        var onnx = Path.Combine(Path.GetTempPath(), "mlops-cli-" + Guid.NewGuid().ToString("N") + ".onnx");
        await File.WriteAllBytesAsync(onnx, linear.ToBytes());
        var registered = await RunAsync("models", "register", model, "--file", onnx, "--json");
        File.Delete(onnx);
        Assert.Equal(0, registered.Exit);
        using (var version = JsonDocument.Parse(registered.Out))
        {
            Assert.Equal("READY", version.RootElement.GetProperty("status").GetString());
        }

        Assert.Equal(0, (await RunAsync("models", "alias", model, "champion", "1")).Exit);
        var deployment = "cli-dep-" + Guid.NewGuid().ToString("N")[..8];
        Assert.Equal(0, (await RunAsync("deployments", "create", deployment, "--model", model, "--alias", "champion")).Exit);
        await client.WaitForDeploymentAsync(deployment);

        var inferred = await RunAsync("infer", deployment, "--data", """[{"name":"input","shape":[1,4],"datatype":"FP32","data":[1,2,3,4]}]""", "--json");

        Assert.Equal(0, inferred.Exit);
        using var response = JsonDocument.Parse(inferred.Out);
        Assert.Equal("1", response.RootElement.GetProperty("model_version").GetString());
        var value = response.RootElement.GetProperty("outputs")[0].GetProperty("data")[0].GetSingle();
        Assert.Equal(linear.Predict([1, 2, 3, 4])[0], value, 4);
        var table = await RunAsync("infer", model, "--version", "1", "--data", """{"inputs":[{"name":"input","shape":[1,4],"datatype":"FP32","data":[1,2,3,4]}]}""");
        Assert.Equal(0, table.Exit);
        Assert.Contains("output", table.Out, StringComparison.Ordinal);
        Assert.Contains(stored.Sha256[..12], (await RunAsync("models", "show", model)).Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApiErrorsExitWithOneAndTheirCodeAndUsageErrorsWithTwo()
    {
        var missing = await RunAsync("runs", "show", Guid.NewGuid().ToString("N"));
        Assert.Equal(MlopsCli.ApiError, missing.Exit);
        Assert.Contains("NOT_FOUND", missing.Err, StringComparison.Ordinal);
        Assert.Empty(missing.Out);

        var unauthenticated = await RunWithKeyAsync("mlops_wrong_key", "experiments", "list");
        Assert.Equal(MlopsCli.ApiError, unauthenticated.Exit);
        Assert.Contains("UNAUTHENTICATED", unauthenticated.Err, StringComparison.Ordinal);

        Assert.Equal(MlopsCli.UsageError, (await RunAsync("runs", "compare", Guid.NewGuid().ToString("N"))).Exit);
        Assert.Equal(MlopsCli.UsageError, (await RunAsync("experiments")).Exit);
        Assert.Equal(MlopsCli.UsageError, (await RunAsync("infer", "some-deployment", "--data", "not json")).Exit);
        var noKey = await MlopsCli.RunAsync(["experiments", "list", "--url", fixture.Client.BaseAddress!.ToString(), "--api-key", " "], TextWriter.Null, new StringWriter());
        Assert.Equal(MlopsCli.UsageError, noKey);
    }

    private Task<(int Exit, string Out, string Err)> RunAsync(params string[] args) => RunWithKeyAsync(fixture.Server.AdminKey, args);

    private async Task<(int Exit, string Out, string Err)> RunWithKeyAsync(string apiKey, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await MlopsCli.RunAsync([.. args, "--url", fixture.Client.BaseAddress!.ToString(), "--api-key", apiKey], stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }
}
