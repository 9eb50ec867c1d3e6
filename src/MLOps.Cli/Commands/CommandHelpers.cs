using MLOps.Cli.Hosting;
using MLOps.Client;

namespace MLOps.Cli.Commands;

/// <summary>Look-ups and conversions shared by the commands.</summary>
internal static class CommandHelpers
{
    /// <summary>The experiment named, or with the id, <paramref name="nameOrId"/>.</summary>
    public static async Task<Experiment> FindExperimentAsync(MlopsClient client, string nameOrId, CancellationToken cancellationToken)
    {
        var experiment = Guid.TryParse(nameOrId, out _)
            ? await client.GetExperimentByIdAsync(nameOrId, cancellationToken) ?? await client.GetExperimentAsync(nameOrId, cancellationToken)
            : await client.GetExperimentAsync(nameOrId, cancellationToken);
        return experiment ?? throw new MlopsException(MlopsErrorCodes.NotFound, $"No experiment is named '{nameOrId}' or has that id.");
    }

    /// <summary>key=value pairs from repeated options.</summary>
    public static Dictionary<string, string>? ParsePairs(string[]? pairs, string option)
    {
        if (pairs is null || pairs.Length == 0)
        {
            return null;
        }

        var parsed = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new CliUsageException($"{option} '{pair}' is not key=value.");
            }

            parsed[pair[..equals]] = pair[(equals + 1)..];
        }

        return parsed;
    }

    public static string Pairs(IReadOnlyDictionary<string, string> pairs) =>
        string.Join(", ", pairs.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));

    public static string RequireFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new CliUsageException($"There is no file '{path}'.");
        }

        return path;
    }
}
