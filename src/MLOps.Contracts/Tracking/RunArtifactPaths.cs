namespace MLOps.Contracts.Tracking;

/// <summary>Rules for paths under a run's artifact root: relative, no '..', no empty segments.</summary>
public static class RunArtifactPaths
{
    /// <exception cref="MLOpsException">VALIDATION, naming what is wrong with the path.</exception>
    public static void Check(string path)
    {
        if (string.IsNullOrEmpty(path) || path.Length > TrackingLimits.ArtifactPathLength)
        {
            throw MLOpsException.Invalid($"An artifact path is 1 to {TrackingLimits.ArtifactPathLength} characters.");
        }

        if (path.StartsWith('/') || path.Contains('\\', StringComparison.Ordinal) || path.Any(char.IsControl))
        {
            throw MLOpsException.Invalid($"Artifact path '{path}' must be relative, use '/' between folders and hold no control characters.");
        }

        foreach (var segment in path.Split('/'))
        {
            if (segment.Length == 0 || segment is "." or "..")
            {
                throw MLOpsException.Invalid($"Artifact path '{path}' has an empty, '.' or '..' segment.");
            }
        }
    }
}
