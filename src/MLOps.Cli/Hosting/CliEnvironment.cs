namespace MLOps.Cli.Hosting;

/// <summary>Where one invocation writes and how it reaches the server.</summary>
/// <param name="Out">Standard output: results, as tables or JSON.</param>
/// <param name="Error">Standard error: errors and progress bars.</param>
/// <param name="Handler">Sends the HTTP requests (tests pass an in-memory one); a socket handler when null.</param>
/// <param name="IsTerminal">Whether standard output is an interactive terminal (colours, narrow tables).</param>
/// <param name="ErrorIsTerminal">Whether standard error is an interactive terminal (progress bars).</param>
internal sealed record CliEnvironment(TextWriter Out, TextWriter Error, HttpMessageHandler? Handler, bool IsTerminal, bool ErrorIsTerminal);
