using System.Security.Cryptography;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MLOps.Contracts;
using MLOps.IntegrationTests.Fixtures;
using MLOps.Storage.Artifacts;
using MLOps.Storage.Database;
using Npgsql;

namespace MLOps.IntegrationTests.Storage;

[Collection(StorageCollection.Name)]
public sealed class ArtifactStoreTests(InfrastructureFixture infrastructure) : IAsyncLifetime
{
    private NpgsqlDataSource _dataSource = null!;
    private ArtifactStore _store = null!;

    public async Task InitializeAsync()
    {
        _dataSource = NpgsqlDataSource.Create(await infrastructure.CreateDatabaseAsync("artifacts"));
        await new DatabaseMigrator(_dataSource, NullLogger<DatabaseMigrator>.Instance).MigrateAsync(CancellationToken.None);
        var options = Options.Create(new ArtifactStoreOptions { ContainerName = "artifacts-" + Guid.NewGuid().ToString("N")[..12], BlockSizeBytes = 1024 * 1024 });
        _store = new ArtifactStore(new BlobServiceClient(infrastructure.ArtifactsConnectionString), _dataSource, options);
        await _store.EnsureContainerAsync(CancellationToken.None);
    }

    public async Task DisposeAsync() => await _dataSource.DisposeAsync();

    [Fact]
    public async Task AnUploadedArtifactStreamsBackByteIdentical()
    {
        var content = RandomNumberGenerator.GetBytes(5 * 1024 * 1024 + 123);
        var expected = Convert.ToHexStringLower(SHA256.HashData(content));

        var stored = await _store.PutAsync(new NonSeekableStream(new MemoryStream(content)), "application/x-onnx", expected, CancellationToken.None);

        Assert.Equal(expected, stored.Sha256);
        Assert.Equal(content.Length, stored.SizeBytes);
        Assert.Equal("application/x-onnx", stored.ContentType);
        await using var download = await _store.OpenReadAsync(expected, 0, null, CancellationToken.None);
        Assert.NotNull(download);
        using var copy = new MemoryStream();
        await download.Content.CopyToAsync(copy);
        Assert.Equal(content, copy.ToArray());
        Assert.Empty(await _store.ListStagingAsync(CancellationToken.None));
    }

    [Fact]
    public async Task ARangeReadReturnsExactlyThoseBytes()
    {
        var content = RandomNumberGenerator.GetBytes(300_000);
        var stored = await _store.PutAsync(new MemoryStream(content), null, null, CancellationToken.None);

        await using var download = await _store.OpenReadAsync(stored.Sha256, 1000, 5000, CancellationToken.None);

        Assert.NotNull(download);
        using var copy = new MemoryStream();
        await download.Content.CopyToAsync(copy);
        Assert.Equal(content.AsSpan(1000, 5000).ToArray(), copy.ToArray());
        Assert.Equal("application/octet-stream", stored.ContentType);
    }

    [Fact]
    public async Task AWrongHashIsRefusedAndLeavesNothingStored()
    {
        var content = RandomNumberGenerator.GetBytes(200_000);
        var actual = Convert.ToHexStringLower(SHA256.HashData(content));
        var wrong = Convert.ToHexStringLower(SHA256.HashData("something else"u8));

        var error = await Assert.ThrowsAsync<MLOpsException>(
            () => _store.PutAsync(new NonSeekableStream(new MemoryStream(content)), null, wrong, CancellationToken.None));

        Assert.Equal("VALIDATION", error.Code);
        Assert.Contains(actual, error.Message, StringComparison.Ordinal);
        Assert.Null(await _store.GetInfoAsync(actual, CancellationToken.None));
        Assert.Null(await _store.GetInfoAsync(wrong, CancellationToken.None));
        Assert.False(await _store.ContentExistsAsync(actual, CancellationToken.None));
        Assert.Empty(await _store.ListStagingAsync(CancellationToken.None));
    }

    [Fact]
    public async Task StoringTheSameContentAgainKeepsTheFirstArtifact()
    {
        var content = RandomNumberGenerator.GetBytes(10_000);
        var first = await _store.PutAsync(new MemoryStream(content), "application/x-onnx", null, CancellationToken.None);

        var second = await _store.PutAsync(new MemoryStream(content), "text/plain", null, CancellationToken.None);

        Assert.Equal(first, second);
    }

    [Fact]
    public async Task AMalformedHashIsAValidationError()
    {
        var error = await Assert.ThrowsAsync<MLOpsException>(() => _store.GetInfoAsync("not-a-hash", CancellationToken.None));

        Assert.Equal("VALIDATION", error.Code);
    }
}
