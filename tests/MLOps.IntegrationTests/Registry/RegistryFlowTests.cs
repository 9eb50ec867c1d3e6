using System.Text.Json;
using MLOps.IntegrationTests.Fixtures;
using MLOps.TestModels;

namespace MLOps.IntegrationTests.Registry;

/// <summary>The registry through GraphQL and the artifact endpoints only, as a user drives it.</summary>
[Collection(RegistryCollection.Name)]
public sealed class RegistryFlowTests(ServerFixture fixture)
{
    private const string Register = """
        mutation($model: String!, $sha: String!) {
          registerModelVersion(modelName: $model, input: { artifactSha256: $sha, sourceRunId: "run-1", datasetDigests: ["d1"],
            metrics: [{ name: "auc", value: 0.91 }], tags: [{ key: "team", value: "risk" }] }) {
            version status statusMessage stage signature { inputs { name elementType shape } outputs { name shape } }
            onnxMetadata { producerName opsetImports { domain version } } lineage { sourceRunId datasetDigests } metrics { name value }
          }
        }
        """;

    [Fact]
    public async Task AModelIsUploadedRegisteredAliasedPromotedWithApprovalAndAudited()
    {
        var admin = fixture.Client;
        using var contributor = fixture.Server.CreateClientWithKey(await admin.CreateKeyAsync("carol", "contributor"));
        using var approver = fixture.Server.CreateClientWithKey(await admin.CreateKeyAsync("alice", "approver"));
        var name = "fraud-" + Guid.NewGuid().ToString("N")[..6];

        await contributor.DataAsync("mutation($n: String!) { createModel(name: $n, description: \"fraud scores\", tags: [{key: \"domain\", value: \"risk\"}]) { name } }", new { n = name });
        var first = await contributor.UploadAsync(OnnxTestModels.Linear(4, 2).ToBytes());
        var v1 = (await contributor.DataAsync(Register, new { model = name, sha = first })).GetProperty("registerModelVersion");
        Assert.Equal(1, v1.GetProperty("version").GetInt32());
        Assert.Equal("READY", v1.GetProperty("status").GetString());
        Assert.Equal("[-1,4]", v1.GetProperty("signature").GetProperty("inputs")[0].GetProperty("shape").GetRawText());
        Assert.Equal("mlops-tests", v1.GetProperty("onnxMetadata").GetProperty("producerName").GetString());
        Assert.Equal("run-1", v1.GetProperty("lineage").GetProperty("sourceRunId").GetString());
        var second = await contributor.UploadAsync(OnnxTestModels.Linear(4, 2, seed: 2).ToBytes());
        Assert.Equal(2, (await contributor.DataAsync(Register, new { model = name, sha = second })).GetProperty("registerModelVersion").GetProperty("version").GetInt32());

        await contributor.DataAsync("mutation($n: String!) { setModelAlias(modelName: $n, alias: \"champion\", version: 1) { version } }", new { n = name });
        await PromoteAsync(contributor, approver, name, 1);
        await PromoteAsync(contributor, approver, name, 2);

        var model = (await contributor.DataAsync("""
            query($n: String!) { model(name: $n) {
              champion: alias(name: "champion") { version } latest: alias(name: "latest") { version }
              versions { version stage aliases } auditLog(first: 50) { nodes { action actor } } } }
            """, new { n = name })).GetProperty("model");
        Assert.Equal(1, model.GetProperty("champion").GetProperty("version").GetInt32());
        Assert.Equal(2, model.GetProperty("latest").GetProperty("version").GetInt32());
        var stages = model.GetProperty("versions").EnumerateArray().ToDictionary(v => v.GetProperty("version").GetInt32(), v => v.GetProperty("stage").GetString());
        Assert.Equal("Production", stages[2]);
        Assert.Equal("Archived", stages[1]);
        var audit = model.GetProperty("auditLog").GetProperty("nodes").EnumerateArray().Select(e => (e.GetProperty("action").GetString(), e.GetProperty("actor").GetString())).ToList();
        Assert.Contains(("model.created", "carol"), audit);
        Assert.Contains(("model_version.registered", "carol"), audit);
        Assert.Contains(("model_alias.set", "carol"), audit);
        Assert.Contains(("stage_transition.requested", "carol"), audit);
        Assert.Contains(("stage_transition.approved", "alice"), audit);
    }

    [Fact]
    public async Task FiftyConcurrentRegistrationsOfOneModelGetFiftyDistinctConsecutiveNumbers()
    {
        var admin = fixture.Client;
        var name = "concurrent-" + Guid.NewGuid().ToString("N")[..6];
        await admin.DataAsync("mutation($n: String!) { createModel(name: $n) { name } }", new { n = name });
        var sha = await admin.UploadAsync(OnnxTestModels.Linear(3, 1).ToBytes());

        var versions = await Task.WhenAll(Enumerable.Range(0, 50).Select(async _ =>
            (await admin.DataAsync(Register, new { model = name, sha })).GetProperty("registerModelVersion").GetProperty("version").GetInt32()));

        Assert.Equal(Enumerable.Range(1, 50), versions.Order());
    }

    [Fact]
    public async Task ACorruptArtifactEndsInFailedRegistrationWithTheReasonAndCannotBeAliased()
    {
        var admin = fixture.Client;
        var name = "corrupt-" + Guid.NewGuid().ToString("N")[..6];
        await admin.DataAsync("mutation($n: String!) { createModel(name: $n) { name } }", new { n = name });
        var sha = await admin.UploadAsync(OnnxTestModels.Corrupt());

        var version = (await admin.DataAsync(Register, new { model = name, sha })).GetProperty("registerModelVersion");

        Assert.Equal("FAILED_REGISTRATION", version.GetProperty("status").GetString());
        Assert.False(string.IsNullOrWhiteSpace(version.GetProperty("statusMessage").GetString()));
        Assert.Equal(JsonValueKind.Null, version.GetProperty("signature").ValueKind);
        var (code, _) = await admin.ErrorAsync("mutation($n: String!) { setModelAlias(modelName: $n, alias: \"champion\", version: 1) { version } }", new { n = name });
        Assert.Equal("VALIDATION", code);
        var latest = await admin.DataAsync("query($n: String!) { model(name: $n) { alias(name: \"latest\") { version } } }", new { n = name });
        Assert.Equal(JsonValueKind.Null, latest.GetProperty("model").GetProperty("alias").ValueKind);
    }

    private static async Task PromoteAsync(HttpClient contributor, HttpClient approver, string name, int version)
    {
        await contributor.DataAsync("mutation($n: String!, $v: Int!) { requestStageTransition(modelName: $n, version: $v, stage: \"Staging\") { status } }", new { n = name, v = version });
        var request = (await contributor.DataAsync(
            "mutation($n: String!, $v: Int!) { requestStageTransition(modelName: $n, version: $v, stage: \"Production\", comment: \"ready\") { id status } }",
            new { n = name, v = version })).GetProperty("requestStageTransition");
        Assert.Equal("PENDING", request.GetProperty("status").GetString());
        var approved = (await approver.DataAsync(
            "mutation($n: String!, $id: ID!) { approveStageTransition(modelName: $n, requestId: $id, comment: \"lgtm\") { status decidedBy } }",
            new { n = name, id = request.GetProperty("id").GetString() })).GetProperty("approveStageTransition");
        Assert.Equal("APPROVED", approved.GetProperty("status").GetString());
        Assert.Equal("alice", approved.GetProperty("decidedBy").GetString());
    }
}
