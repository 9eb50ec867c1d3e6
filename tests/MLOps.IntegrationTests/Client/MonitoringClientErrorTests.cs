using System.Net;
using System.Text;
using MLOps.Client;
using MLOps.IntegrationTests.Fixtures;
using MLOps.TestModels;

namespace MLOps.IntegrationTests.Client;

/// <summary>The SDK's monitoring calls surface the server's refusals as MlopsException codes.</summary>
[Collection(MonitoringCollection.Name)]
public sealed class MonitoringClientErrorTests(MonitoringFixture fixture)
{
    [Fact]
    public async Task RefusedMonitoringCallsCarryTheServersCodes()
    {
        await using var client = new MlopsClient(fixture.Client);
        var model = await DeployAsync(client, new MonitoringSettings { WindowSeconds = 60, Task = MonitoringTasks.Regression });
        var settings = await client.GetMonitoringSettingsAsync(model);
        Assert.Equal((60, "REGRESSION"), (settings.WindowSeconds, settings.Task));

        var missingVersion = await Assert.ThrowsAsync<MlopsException>(() => UploadAsync(client, model, 7, "a,b,c,d\n1,2,3,4\n"));
        Assert.Equal((MlopsErrorCodes.NotFound, HttpStatusCode.NotFound), (missingVersion.Code, missingVersion.StatusCode));
        Assert.Equal(MlopsErrorCodes.Validation, (await Assert.ThrowsAsync<MlopsException>(() => UploadAsync(client, model, 1, "a,b\n1,2\n"))).Code);
        Assert.Null(await client.GetReferenceProfileAsync(model, 1));

        Assert.Equal(MlopsErrorCodes.Validation, (await Assert.ThrowsAsync<MlopsException>(() => client.SetMonitoringAsync(model, new MonitoringSettings { WindowSeconds = 0 }))).Code);
        Assert.Equal(MlopsErrorCodes.Validation, (await Assert.ThrowsAsync<MlopsException>(() => client.SetMonitoringAsync(model, new MonitoringSettings { Task = "RANKING" }))).Code);
        Assert.Equal(MlopsErrorCodes.Validation, (await Assert.ThrowsAsync<MlopsException>(() => client.SetAlertRuleAsync(model, new AlertRule("x", "NOPE", 1)))).Code);
        Assert.Equal(MlopsErrorCodes.Validation, (await Assert.ThrowsAsync<MlopsException>(() => client.SetAlertRuleAsync(model, new AlertRule("x", AlertMetrics.FeatureDrift, 0.1)))).Code);
        Assert.Equal(MlopsErrorCodes.NotFound, (await Assert.ThrowsAsync<MlopsException>(() => client.DeleteAlertRuleAsync(model, "none"))).Code);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.GetWindowsAsync(model, first: 0));
        Assert.Equal(1, (await client.GetDeploymentAsync(model))!.Revision);

        const string Unknown = "no-such-deployment";
        Assert.Equal(MlopsErrorCodes.NotFound, (await Assert.ThrowsAsync<MlopsException>(() => client.GetWindowsAsync(Unknown))).Code);
        Assert.Equal(MlopsErrorCodes.NotFound, (await Assert.ThrowsAsync<MlopsException>(() => client.GetAlertsAsync(Unknown))).Code);
        Assert.Equal(MlopsErrorCodes.NotFound, (await Assert.ThrowsAsync<MlopsException>(() => client.ListAlertRulesAsync(Unknown))).Code);
        Assert.Equal(MlopsErrorCodes.NotFound, (await Assert.ThrowsAsync<MlopsException>(() => client.SetMonitoringAsync(Unknown, new MonitoringSettings()))).Code);
        Assert.Equal(MlopsErrorCodes.NotFound, (await Assert.ThrowsAsync<MlopsException>(() => client.SetAlertRuleAsync(Unknown, new AlertRule("x", AlertMetrics.F1, 1)))).Code);
        var feedback = await Assert.ThrowsAsync<MlopsException>(() => client.SubmitFeedbackAsync(Unknown, [LabelFeedback.ForValue("a", 1)]));
        Assert.Equal((MlopsErrorCodes.NotFound, HttpStatusCode.NotFound), (feedback.Code, feedback.StatusCode));
        await Assert.ThrowsAsync<ArgumentException>(() => client.SubmitFeedbackAsync(model, [new LabelFeedback("a", "1", 2.0)]));

        await using var reader = new MlopsClient(fixture.Server.CreateClientWithKey(await fixture.Client.CreateKeyAsync("mona", "reader")));
        Assert.Empty(await reader.GetWindowsAsync(model));
        Assert.Equal(MlopsErrorCodes.Forbidden, (await Assert.ThrowsAsync<MlopsException>(() => reader.SetAlertRuleAsync(model, new AlertRule("x", AlertMetrics.F1, 1)))).Code);
        Assert.Equal(MlopsErrorCodes.Forbidden, (await Assert.ThrowsAsync<MlopsException>(() => reader.SubmitFeedbackAsync(model, [LabelFeedback.ForValue("a", 1)]))).Code);
        Assert.Equal(MlopsErrorCodes.Forbidden, (await Assert.ThrowsAsync<MlopsException>(() => UploadAsync(reader, model, 1, "a,b,c,d\n1,2,3,4\n"))).Code);
    }

    internal static async Task<string> DeployAsync(MlopsClient client, MonitoringSettings monitoring)
    {
        var model = "sdk-mon-err-" + Guid.NewGuid().ToString("N")[..8];
        var stored = await client.UploadArtifactAsync(new MemoryStream(OnnxTestModels.Linear(4, 1).ToBytes()));
        await client.RegisterModelVersionAsync(model, stored.Sha256);
        await client.CreateDeploymentAsync(model, [DeploymentRoute.ToVersion(model, 1)], monitoring);
        return model;
    }

    private static async Task<ReferenceProfile> UploadAsync(MlopsClient client, string model, int version, string csv)
    {
        await using var data = new MemoryStream(Encoding.UTF8.GetBytes(csv));
        return await client.UploadReferenceAsync(model, version, data, ReferenceFormat.Csv);
    }
}
