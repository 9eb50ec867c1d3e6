using MLOps.Client;
using MLOps.IntegrationTests.Fixtures;
using MLOps.TestModels;

namespace MLOps.IntegrationTests.Client;

/// <summary>The SDK from a run to a served model: register from the run with lineage, alias, deploy, infer.</summary>
[Collection(RegistryCollection.Name)]
public sealed class SdkRegistryAndServingTests(ServerFixture fixture)
{
    [Fact]
    public async Task AModelRegisteredFromARunCarriesItsLineageAndServesThroughAnAliasDeployment()
    {
        await using var client = new MlopsClient(fixture.Client);
        var experiment = await client.GetOrCreateExperimentAsync("sdk-serve-" + Guid.NewGuid().ToString("N"));
        var linear = OnnxTestModels.Linear(4, 1, seed: 71);
        string runId;
        await using (var run = await client.StartRunAsync(experiment.Id, "train"))
        {
            runId = run.Id;
            run.LogParam("lr", "0.1");
            run.LogMetric("auc", 0.93, 10);
            await run.LogInputsAsync([new DatasetInput("train", "d-" + runId[..16], "memory://train", "training")]);
            await run.LogArtifactAsync(new MemoryStream(linear.ToBytes()), "model/model.onnx");
        }

        var model = "sdk-model-" + Guid.NewGuid().ToString("N")[..8];
        var version = await client.RegisterModelFromRunAsync(model, runId, "model/model.onnx", "from the SDK test");
        Assert.Equal((1, "READY"), (version.Version, version.Status));
        Assert.Equal(runId, version.Lineage.SourceRunId);
        Assert.Contains("d-" + runId[..16], version.Lineage.DatasetDigests);
        Assert.Equal("0.1", version.Lineage.Tags["param.lr"]);
        Assert.Equal(2, (await client.RegisterModelFromRunAsync(model, runId, "model/model.onnx")).Version);

        Assert.Contains("champion", (await client.SetAliasAsync(model, "champion", 1)).Aliases);
        var deployment = "sdk-dep-" + Guid.NewGuid().ToString("N")[..8];
        var created = await client.CreateOrUpdateDeploymentAsync(deployment, model, alias: "champion");
        Assert.Equal("champion", Assert.Single(created.Routes).Alias);
        await client.WaitForDeploymentAsync(deployment);

        float[] row = [1, 2, 3, 4];
        var result = await client.InferAsync(deployment, [InferenceTensor.Fp32(LinearModel.InputName, row, 1, 4)], requestId: "req-1");
        Assert.Equal(("1", "req-1"), (result.ModelVersion, result.Id));
        var output = result.GetOutput(LinearModel.OutputName);
        Assert.Equal([1L, 1L], output.Shape);
        Assert.Equal(linear.Predict(row)[0], output.GetData<float>()[0], 4);

        var updated = await client.CreateOrUpdateDeploymentAsync(deployment, model, version: 2);
        Assert.Equal(2, updated.Revision);
        Assert.Equal(2, Assert.Single(updated.Routes).Version);
        Assert.Contains(await client.ListDeploymentsAsync(), d => d.Name == deployment);
        var registered = await client.GetModelAsync(model);
        Assert.Equal([2, 1], registered!.Versions.Select(v => v.Version));
        Assert.Equal(new ModelAlias("champion", 1), Assert.Single(registered.Aliases));

        var missing = await Assert.ThrowsAsync<MlopsException>(() => client.InferAsync("no-such-" + deployment, [InferenceTensor.Fp32("input", row, 1, 4)]));
        Assert.Equal((MlopsErrorCodes.NotFound, System.Net.HttpStatusCode.NotFound), (missing.Code, missing.StatusCode));
        var invalid = await Assert.ThrowsAsync<MlopsException>(() => client.InferAsync(deployment, [InferenceTensor.Fp32("wrong_name", row, 1, 4)]));
        Assert.Equal(MlopsErrorCodes.Validation, invalid.Code);
    }

    [Theory]
    [InlineData("FP32")]
    [InlineData("FP64")]
    [InlineData("INT64")]
    [InlineData("INT32")]
    [InlineData("BOOL")]
    [InlineData("BYTES")]
    public async Task EachDatatypeTravelsToAVersionAndBackUnchanged(string datatype)
    {
        await using var client = new MlopsClient(fixture.Client);
        var stored = await client.UploadArtifactAsync(new MemoryStream(OnnxTestModels.Identity(datatype, -1, 3)));
        var model = "sdk-identity-" + datatype.ToLowerInvariant() + "-" + Guid.NewGuid().ToString("N")[..6];
        var version = await client.RegisterModelVersionAsync(model, stored.Sha256);
        Assert.Equal("READY", version.Status);
        var input = datatype switch
        {
            "FP32" => InferenceTensor.Fp32("input", [1.5f, -2.25f, 3, 4, float.MaxValue, 0], 2, 3),
            "FP64" => InferenceTensor.Fp64("input", [1.5, -2.25, 1e300, 4, 5, 6], 2, 3),
            "INT64" => InferenceTensor.Int64("input", [1, -2, long.MaxValue, 4, 5, long.MinValue], 2, 3),
            "INT32" => InferenceTensor.Int32("input", [1, -2, int.MaxValue, 4, 5, int.MinValue], 2, 3),
            "BOOL" => InferenceTensor.Bool("input", [true, false, true, false, false, true], 2, 3),
            _ => InferenceTensor.Bytes("input", ["a", "", "ünï", "d\"q", "e", "f"], 2, 3),
        };

        var output = (await client.InferAsync(model, version.Version, [input])).GetOutput("output");

        Assert.Equal(datatype, output.Datatype);
        Assert.Equal([2L, 3L], output.Shape);
        Assert.Equal(input.Data.Cast<object>(), output.Data.Cast<object>());
    }
}
