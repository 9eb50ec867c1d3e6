namespace MLOps.AppHost.Orchestration;

/// <summary>A resource that others reach through ConnectionStrings__{Name}, as with Aspire's WithReference.</summary>
internal interface IResourceWithConnectionString : IResource
{
    /// <summary>Known once <see cref="IResource.Owner"/> is running: ports are chosen at start.</summary>
    string GetConnectionString();
}
