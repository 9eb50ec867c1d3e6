using MLOps.Client.Internal;

namespace MLOps.Client;

public sealed partial class MlopsClient
{
    /// <summary>Creates an experiment.</summary>
    /// <exception cref="MlopsException">CONFLICT when the name is taken (also by a deleted experiment), VALIDATION for a bad name.</exception>
    public async Task<Experiment> CreateExperimentAsync(string name, IReadOnlyDictionary<string, string>? tags = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var data = await _http.GraphQLAsync(
            "mutation($name: String!, $tags: [TagInput!]) { createExperiment(name: $name, tags: $tags) { " + Experiment.Fields + " } }",
            new { name, tags = TagList(tags) }, cancellationToken);
        return Experiment.Read(data.GetProperty("createExperiment"));
    }

    /// <summary>The experiment with this name (active or deleted), or null.</summary>
    public async Task<Experiment?> GetExperimentAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var data = await _http.GraphQLAsync("query($name: String) { experiment(name: $name) { " + Experiment.Fields + " } }", new { name }, cancellationToken);
        return data.Optional("experiment") is { } experiment ? Experiment.Read(experiment) : null;
    }

    /// <summary>The experiment with this id, or null.</summary>
    public async Task<Experiment?> GetExperimentByIdAsync(string experimentId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(experimentId);
        var data = await _http.GraphQLAsync("query($id: ID) { experiment(id: $id) { " + Experiment.Fields + " } }", new { id = experimentId }, cancellationToken);
        return data.Optional("experiment") is { } experiment ? Experiment.Read(experiment) : null;
    }

    /// <summary>The active experiment with this name, created when there is none.</summary>
    /// <exception cref="MlopsException">CONFLICT when an experiment of that name was deleted (restore it with <see cref="RestoreExperimentAsync"/>).</exception>
    public async Task<Experiment> GetOrCreateExperimentAsync(string name, CancellationToken cancellationToken = default)
    {
        var existing = await GetExperimentAsync(name, cancellationToken);
        if (existing is null)
        {
            try
            {
                return await CreateExperimentAsync(name, null, cancellationToken);
            }
            catch (MlopsException e) when (e.Code == MlopsErrorCodes.Conflict)
            {
                // Created by someone else between the two calls.
                existing = await GetExperimentAsync(name, cancellationToken);
                if (existing is null)
                {
                    throw;
                }
            }
        }

        return existing.Lifecycle == "DELETED"
            ? throw new MlopsException(MlopsErrorCodes.Conflict, $"Experiment '{name}' ({existing.Id}) is deleted; restore it or choose another name.")
            : existing;
    }

    /// <summary>Every experiment, by name; deleted ones too when <paramref name="includeDeleted"/>.</summary>
    public async Task<IReadOnlyList<Experiment>> ListExperimentsAsync(bool includeDeleted = false, CancellationToken cancellationToken = default)
    {
        var data = await _http.GraphQLAsync(
            "query($all: Boolean) { experiments(includeDeleted: $all) { " + Experiment.Fields + " } }", new { all = includeDeleted }, cancellationToken);
        return data.List("experiments", Experiment.Read);
    }

    /// <summary>Soft-deletes an experiment: its runs stay, its name stays taken, and <see cref="RestoreExperimentAsync"/> brings it back.</summary>
    public async Task<Experiment> DeleteExperimentAsync(string experimentId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(experimentId);
        var data = await _http.GraphQLAsync(
            "mutation($id: ID!) { deleteExperiment(experimentId: $id) { " + Experiment.Fields + " } }", new { id = experimentId }, cancellationToken);
        return Experiment.Read(data.GetProperty("deleteExperiment"));
    }

    /// <summary>Restores a soft-deleted experiment.</summary>
    public async Task<Experiment> RestoreExperimentAsync(string experimentId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(experimentId);
        var data = await _http.GraphQLAsync(
            "mutation($id: ID!) { restoreExperiment(experimentId: $id) { " + Experiment.Fields + " } }", new { id = experimentId }, cancellationToken);
        return Experiment.Read(data.GetProperty("restoreExperiment"));
    }

    private static object[]? TagList(IEnumerable<KeyValuePair<string, string>>? pairs) =>
        pairs?.Select(p => (object)new { key = p.Key, value = p.Value }).ToArray();
}
