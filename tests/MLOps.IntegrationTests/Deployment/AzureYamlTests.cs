using System.Text.RegularExpressions;

namespace MLOps.IntegrationTests.Deployment;

public sealed partial class AzureYamlTests
{
    [Fact]
    public void EveryServiceInAzureYamlNamesAProjectThatExists()
    {
        var yaml = File.ReadAllText(RepositoryPaths.Combine("azure.yaml"));
        var projects = ProjectLine().Matches(yaml).Select(m => m.Groups["path"].Value.Trim('"', '\'')).ToList();

        Assert.NotEmpty(projects);
        foreach (var project in projects)
        {
            var path = Path.GetFullPath(Path.Combine(RepositoryPaths.Root, project));
            var exists = File.Exists(path) || (Directory.Exists(path) && Directory.EnumerateFiles(path, "*.csproj").Any());
            Assert.True(exists, $"azure.yaml names '{project}', which is neither a project file nor a folder holding one.");
        }

        Assert.Contains(projects, p => p.TrimEnd('/').EndsWith("src/MLOps.Server", StringComparison.Ordinal));
    }

    [Fact]
    public void AzureYamlPointsAtTheBicepFolderAndItsMainTemplate()
    {
        var yaml = File.ReadAllText(RepositoryPaths.Combine("azure.yaml"));

        Assert.Matches(@"(?m)^\s*provider:\s*bicep\s*$", yaml);
        Assert.Matches(@"(?m)^\s*path:\s*\.?/?infra/?\s*$", yaml);
        Assert.True(File.Exists(RepositoryPaths.Combine("infra", "main.bicep")));
        Assert.True(File.Exists(RepositoryPaths.Combine("infra", "main.parameters.json")));
    }

    [GeneratedRegex(@"(?m)^\s*project:\s*(?<path>\S+)\s*$")]
    private static partial Regex ProjectLine();
}
