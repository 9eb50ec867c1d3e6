using System.ComponentModel.DataAnnotations;

namespace MLOps.Storage.Artifacts;

/// <summary>Settings of the blob-backed artifact store (configuration section "Artifacts").</summary>
public sealed class ArtifactStoreOptions
{
    public const string SectionName = "Artifacts";

    /// <summary>Blob container that holds every artifact; created at start-up if missing.</summary>
    [Required]
    [RegularExpression("^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$", ErrorMessage = "ContainerName must be a valid blob container name.")]
    public string ContainerName { get; set; } = "artifacts";

    /// <summary>Size of each block streamed to blob storage; bounds the memory an upload holds.</summary>
    [Range(256 * 1024, 100 * 1024 * 1024)]
    public int BlockSizeBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Blocks of one upload sent in parallel (each holds one block in memory).</summary>
    [Range(1, 16)]
    public int MaxConcurrency { get; set; } = 2;
}
