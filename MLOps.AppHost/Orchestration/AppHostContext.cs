namespace MLOps.AppHost.Orchestration;

/// <summary>What every resource of one AppHost run shares.</summary>
internal sealed record AppHostContext(AppHostOptions Options, string RepositoryRoot, ConsoleOutput Output)
{
    /// <summary>A path relative to the repository root (".data/postgres") made absolute.</summary>
    public string ResolvePath(string path) => Path.GetFullPath(path, RepositoryRoot);

    /// <summary>A log sink that prefixes every line with the resource's name.</summary>
    public Action<string> LogFor(string resource) => line => Output.Log(resource, line);
}
