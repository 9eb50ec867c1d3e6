using System.Net;
using MLOps.IntegrationTests.Fixtures;
using MLOps.TestModels;

namespace MLOps.IntegrationTests.Registry;

/// <summary>Alias rules, stage rules and roles, each refusal with its code.</summary>
[Collection(RegistryCollection.Name)]
public sealed class RegistryRulesTests(ServerFixture fixture)
{
    [Theory]
    [InlineData("latest")]
    [InlineData("v1")]
    [InlineData("V12")]
    [InlineData("has space")]
    [InlineData("dots.not.allowed")]
    public async Task ReservedAndMalformedAliasesAreRefused(string alias)
    {
        var name = await ModelWithVersionAsync();

        var (code, message) = await fixture.Client.ErrorAsync(
            "mutation($n: String!, $a: String!) { setModelAlias(modelName: $n, alias: $a, version: 1) { version } }", new { n = name, a = alias });

        Assert.Equal("VALIDATION", code);
        Assert.Contains(alias, message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAliasToAMissingVersionIsNotFoundAndDeletingItRemovesIt()
    {
        var name = await ModelWithVersionAsync();
        Assert.Equal("NOT_FOUND", (await fixture.Client.ErrorAsync("mutation($n: String!) { setModelAlias(modelName: $n, alias: \"x\", version: 9) { version } }", new { n = name })).Code);

        await fixture.Client.DataAsync("mutation($n: String!) { setModelAlias(modelName: $n, alias: \"x\", version: 1) { version } }", new { n = name });
        await fixture.Client.DataAsync("mutation($n: String!) { deleteModelAlias(modelName: $n, alias: \"x\") }", new { n = name });

        Assert.Equal("NOT_FOUND", (await fixture.Client.ErrorAsync("mutation($n: String!) { deleteModelAlias(modelName: $n, alias: \"x\") }", new { n = name })).Code);
    }

    [Fact]
    public async Task NobodyApprovesTheirOwnRequestAndContributorsCannotApprove()
    {
        using var approver = fixture.Server.CreateClientWithKey(await fixture.Client.CreateKeyAsync("bob", "approver"));
        using var contributor = fixture.Server.CreateClientWithKey(await fixture.Client.CreateKeyAsync("dan", "contributor"));
        var name = await ModelWithVersionAsync();
        var id = (await approver.DataAsync(
            "mutation($n: String!) { requestStageTransition(modelName: $n, version: 1, stage: \"Production\") { id } }", new { n = name }))
            .GetProperty("requestStageTransition").GetProperty("id").GetString();

        Assert.Equal("FORBIDDEN", (await approver.ErrorAsync("mutation($n: String!, $id: ID!) { approveStageTransition(modelName: $n, requestId: $id) { status } }", new { n = name, id })).Code);
        Assert.Equal("FORBIDDEN", (await contributor.ErrorAsync("mutation($n: String!, $id: ID!) { approveStageTransition(modelName: $n, requestId: $id) { status } }", new { n = name, id })).Code);
        Assert.Equal("CONFLICT", (await approver.ErrorAsync("mutation($n: String!) { requestStageTransition(modelName: $n, version: 1, stage: \"Production\") { id } }", new { n = name })).Code);

        var rejected = (await fixture.Client.DataAsync(
            "mutation($n: String!, $id: ID!) { rejectStageTransition(modelName: $n, requestId: $id, comment: \"no\") { status decisionComment } }", new { n = name, id }))
            .GetProperty("rejectStageTransition");
        Assert.Equal("REJECTED", rejected.GetProperty("status").GetString());
        Assert.Equal("CONFLICT", (await fixture.Client.ErrorAsync("mutation($n: String!, $id: ID!) { approveStageTransition(modelName: $n, requestId: $id) { status } }", new { n = name, id })).Code);
    }

    [Theory]
    [InlineData("None", "Staging", null)]
    [InlineData("Staging", "Staging", "VALIDATION")]
    [InlineData("Archived", "Production", "VALIDATION")]
    [InlineData("Archived", "Staging", null)]
    [InlineData("None", "Nowhere", "VALIDATION")]
    public async Task StageTransitionsFollowTheLifecycle(string from, string to, string? expectedCode)
    {
        var name = await ModelWithVersionAsync();
        if (from != "None")
        {
            await fixture.Client.DataAsync("mutation($n: String!, $s: String!) { requestStageTransition(modelName: $n, version: 1, stage: $s) { status } }", new { n = name, s = from });
        }

        var body = await fixture.Client.QueryAsync("mutation($n: String!, $s: String!) { requestStageTransition(modelName: $n, version: 1, stage: $s) { status } }", new { n = name, s = to });

        if (expectedCode is null)
        {
            Assert.Equal("APPROVED", body.GetProperty("data").GetProperty("requestStageTransition").GetProperty("status").GetString());
        }
        else
        {
            Assert.Equal(expectedCode, body.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString());
        }
    }

    [Fact]
    public async Task ReadersReadButCannotMutateAndOnlyAdminsManageKeys()
    {
        using var reader = fixture.Server.CreateClientWithKey(await fixture.Client.CreateKeyAsync("rita", "reader"));
        using var contributor = fixture.Server.CreateClientWithKey(await fixture.Client.CreateKeyAsync("cody", "contributor"));

        await reader.DataAsync("{ models(first: 1) { nodes { name } } }");
        Assert.Equal("FORBIDDEN", (await reader.ErrorAsync("mutation { createModel(name: \"nope\") { name } }")).Code);
        Assert.Equal("FORBIDDEN", (await contributor.ErrorAsync("mutation { createApiKey(owner: \"x\", role: \"admin\") { secret } }")).Code);
        Assert.Equal("FORBIDDEN", (await contributor.ErrorAsync("{ apiKeys { id } }")).Code);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.PutAsync("/api/artifacts", new ByteArrayContent([1, 2, 3]))).StatusCode);
        var keys = await fixture.Client.DataAsync("{ apiKeys { owner role displayPrefix } }");
        Assert.Contains(keys.GetProperty("apiKeys").EnumerateArray(), k => k.GetProperty("owner").GetString() == "rita");
        Assert.DoesNotContain("secret", keys.GetRawText(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task NoKeyAWrongKeyAndARevokedKeyGet401()
    {
        var created = await fixture.Client.DataAsync("mutation { createApiKey(owner: \"temp\", role: \"reader\") { secret apiKey { id } } }");
        var secret = created.GetProperty("createApiKey").GetProperty("secret").GetString()!;
        var id = created.GetProperty("createApiKey").GetProperty("apiKey").GetProperty("id").GetString();
        using var anonymous = fixture.Server.CreateClientWithKey(null);
        using var wrong = fixture.Server.CreateClientWithKey("mlops_" + new string('x', 43));
        using var revoked = fixture.Server.CreateClientWithKey(secret);
        Assert.StartsWith("mlops_", secret, StringComparison.Ordinal);
        await revoked.DataAsync("{ serverInfo { version } }");

        await fixture.Client.DataAsync("mutation($id: ID!) { revokeApiKey(id: $id) { revokedAt } }", new { id });

        foreach (var client in new[] { anonymous, wrong, revoked })
        {
            using var response = await client.PostAsync("/graphql", new StringContent("{\"query\":\"{ serverInfo { version } }\"}", System.Text.Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Contains("UNAUTHENTICATED", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/artifacts/" + new string('a', 64))).StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health")).StatusCode);
    }

    [Fact]
    public async Task BadNamesDuplicatesAndUnknownArtifactsAreRefusedWithTheirCodes()
    {
        var name = await ModelWithVersionAsync();
        const string Create = "mutation($n: String!) { createModel(name: $n) { name } }";
        const string Register = "mutation($n: String!, $s: String!) { registerModelVersion(modelName: $n, input: { artifactSha256: $s }) { version } }";

        Assert.Equal("VALIDATION", (await fixture.Client.ErrorAsync(Create, new { n = "bad name!" })).Code);
        Assert.Equal("VALIDATION", (await fixture.Client.ErrorAsync(Create, new { n = new string('a', 251) })).Code);
        Assert.Equal("CONFLICT", (await fixture.Client.ErrorAsync(Create, new { n = name })).Code);
        Assert.Equal("NOT_FOUND", (await fixture.Client.ErrorAsync(Register, new { n = name, s = new string('a', 64) })).Code);
        Assert.Equal("VALIDATION", (await fixture.Client.ErrorAsync(Register, new { n = name, s = "xyz" })).Code);
        Assert.Equal("NOT_FOUND", (await fixture.Client.ErrorAsync(Register, new { n = "no-such-model-" + Guid.NewGuid().ToString("N")[..6], s = new string('a', 64) })).Code);
        var versions = await fixture.Client.DataAsync("query($n: String!) { model(name: $n) { versions { version } } }", new { n = name });
        Assert.Equal(1, versions.GetProperty("model").GetProperty("versions").GetArrayLength());
    }

    private async Task<string> ModelWithVersionAsync()
    {
        var name = "rules-" + Guid.NewGuid().ToString("N")[..8];
        await fixture.Client.DataAsync("mutation($n: String!) { createModel(name: $n) { name } }", new { n = name });
        var sha = await fixture.Client.UploadAsync(OnnxTestModels.Linear(2, 1).ToBytes());
        await fixture.Client.DataAsync("mutation($n: String!, $s: String!) { registerModelVersion(modelName: $n, input: { artifactSha256: $s }) { version } }", new { n = name, s = sha });
        return name;
    }
}
