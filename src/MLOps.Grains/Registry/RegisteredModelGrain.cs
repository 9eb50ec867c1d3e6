using MLOps.Contracts;
using MLOps.Contracts.Identity;
using MLOps.Contracts.Registry;
using MLOps.Storage.Artifacts;
using MLOps.Storage.Registry;
using Npgsql;

namespace MLOps.Grains.Registry;

/// <summary>
/// Single writer of one registered model. Holds the model's rows in memory (loaded on activation), checks every
/// rule against them, writes the change with its audit entry and registry event in one transaction, and only
/// then updates memory, so memory never runs ahead of PostgreSQL.
/// </summary>
public sealed partial class RegisteredModelGrain(
    NpgsqlDataSource dataSource,
    RegistryReader reader,
    ArtifactStore artifacts,
    IArtifactInspector inspector,
    TimeProvider time) : Grain, IRegisteredModelGrain
{
    private readonly Dictionary<int, ModelVersionRecord> _versions = [];
    private readonly Dictionary<string, AliasRecord> _aliases = new(StringComparer.Ordinal);
    private readonly Dictionary<Guid, StageTransitionRecord> _transitions = [];
    private readonly List<RegistryEventNotice> _unpublished = [];
    private ModelRecord? _model;

    private string Name => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);

        // A silo that died mid-registration left versions PENDING: finish judging them now.
        foreach (var pending in _versions.Values.Where(v => v.Status == VersionStatus.Pending).ToList())
        {
            await CompleteRegistrationAsync(pending, pending.CreatedBy, cancellationToken);
        }
    }

    public async Task CreateAsync(Caller caller, string? description, IReadOnlyDictionary<string, string>? tags)
    {
        caller.Require(Roles.Contributor, "creating a model");
        RegistryRules.ValidateModelName(Name);
        RegistryRules.ValidateDescription(description);
        foreach (var (key, value) in tags ?? new Dictionary<string, string>())
        {
            RegistryRules.ValidateTag(key, value);
        }

        if (_model is not null)
        {
            throw MLOpsException.Conflict($"A model named '{Name}' already exists; choose another name or register a new version of it.");
        }

        var now = time.GetUtcNow();
        var model = new ModelRecord(Guid.NewGuid(), Name, description ?? string.Empty, new Dictionary<string, string>(tags ?? new Dictionary<string, string>()), now, now, caller.Name, 0);
        try
        {
            await CommitAsync(async tx =>
            {
                await RegistryWriter.InsertModelAsync(tx, model, default);
                await AuditAsync(tx, caller, "model.created", model.Id, null, null, ModelView(model));
                await PublishAsync(tx, caller, "model.created", null, ModelView(model));
            });
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw MLOpsException.Conflict($"A model named '{Name}' already exists; choose another name or register a new version of it.");
        }

        _model = model;
        _versions.Clear();
        _aliases.Clear();
        _transitions.Clear();
    }

    public async Task UpdateAsync(Caller caller, string description)
    {
        caller.Require(Roles.Contributor, "updating a model");
        var model = RequireModel();
        RegistryRules.ValidateDescription(description);
        var updated = model with { Description = description, UpdatedAt = time.GetUtcNow() };
        await CommitAsync(async tx =>
        {
            await RegistryWriter.UpdateModelAsync(tx, updated, default);
            await AuditAsync(tx, caller, "model.updated", model.Id, null, ModelView(model), ModelView(updated));
            await PublishAsync(tx, caller, "model.updated", null, ModelView(updated));
        });
        _model = updated;
    }

    public async Task DeleteAsync(Caller caller)
    {
        caller.Require(Roles.Contributor, "deleting a model");
        var model = RequireModel();
        if (_versions.Values.Any(v => v.Stage == Stages.Production))
        {
            throw MLOpsException.Conflict($"Model '{Name}' has a version in Production; archive it before deleting the model.");
        }

        await CommitAsync(async tx =>
        {
            await RegistryWriter.DeleteModelAsync(tx, model.Id, time.GetUtcNow(), default);
            await AuditAsync(tx, caller, "model.deleted", model.Id, null, ModelView(model), null);
            await PublishAsync(tx, caller, "model.deleted", null, ModelView(model));
        });
        _model = null;
        _versions.Clear();
        _aliases.Clear();
        _transitions.Clear();
        DeactivateOnIdle();
    }

    public async Task<int> RegisterVersionAsync(Caller caller, RegisterVersionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        caller.Require(Roles.Contributor, "registering a model version");
        var model = RequireModel();
        RegistryRules.ValidateDescription(request.Description);
        foreach (var (key, value) in request.Tags ?? new Dictionary<string, string>())
        {
            RegistryRules.ValidateTag(key, value);
        }

        var sha = Sha256Hash.Normalize(request.ArtifactSha256);
        var artifact = await artifacts.GetInfoAsync(sha, default)
            ?? throw MLOpsException.NotFound($"No artifact has sha256 {sha}; upload it with PUT /api/artifacts first.");

        var now = time.GetUtcNow();
        var number = model.LastVersion + 1;
        var lineage = new
        {
            sourceRunId = request.SourceRunId,
            datasetDigests = request.DatasetDigests ?? [],
            tags = request.LineageTags ?? new Dictionary<string, string>(),
        };
        var version = new ModelVersionRecord(
            model.Id, model.Name, number, VersionStatus.Pending, null, Stages.None, request.Description ?? string.Empty,
            artifact.Sha256, artifact.SizeBytes, "onnx", null, null, RegistryJson.Serialize(lineage),
            RegistryJson.Serialize(request.Metrics ?? new Dictionary<string, double>()),
            new Dictionary<string, string>(request.Tags ?? new Dictionary<string, string>()), now, now, caller.Name);
        var bumped = model with { LastVersion = number, UpdatedAt = now };

        await CommitAsync(async tx =>
        {
            await RegistryWriter.UpdateModelAsync(tx, bumped, default);
            await RegistryWriter.InsertVersionAsync(tx, version, default);
            await AuditAsync(tx, caller, "model_version.registered", model.Id, number, null, VersionView(version));
            await PublishAsync(tx, caller, "model_version.registered", number, VersionView(version));
        });
        _model = bumped;
        _versions[number] = version;

        await CompleteRegistrationAsync(version, caller.Name, default);
        return number;
    }

    private async Task CompleteRegistrationAsync(ModelVersionRecord version, string actor, CancellationToken cancellationToken)
    {
        var inspection = await inspector.InspectAsync(version.ArtifactSha256, cancellationToken);
        var judged = version with
        {
            Status = inspection.Loaded ? VersionStatus.Ready : VersionStatus.Failed,
            StatusMessage = inspection.FailureReason,
            SignatureJson = inspection.SignatureJson,
            OnnxMetadataJson = inspection.MetadataJson,
            UpdatedAt = time.GetUtcNow(),
        };
        var action = inspection.Loaded ? "model_version.ready" : "model_version.failed";
        var system = new Caller(actor, Roles.Contributor, Guid.Empty);
        await CommitAsync(async tx =>
        {
            await RegistryWriter.UpdateVersionAsync(tx, judged, cancellationToken);
            await AuditAsync(tx, system, action, judged.ModelId, judged.Version, VersionView(version), VersionView(judged));
            await PublishAsync(tx, system, action, judged.Version, VersionView(judged));
        });
        _versions[judged.Version] = judged;
    }
}
