namespace MLOps.AppHost.Orchestration;

/// <summary>A named part of the system ("postgres", "mlops-db", "mlops-server").</summary>
internal interface IResource
{
    string Name { get; }

    /// <summary>The resource whose process serves this one: a database's server, or the resource itself.</summary>
    RunnableResource Owner { get; }
}
