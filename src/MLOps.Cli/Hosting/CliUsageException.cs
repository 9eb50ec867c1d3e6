namespace MLOps.Cli.Hosting;

/// <summary>The command line asks for something that cannot be done as given: exit code 2.</summary>
internal sealed class CliUsageException(string message) : Exception(message);
