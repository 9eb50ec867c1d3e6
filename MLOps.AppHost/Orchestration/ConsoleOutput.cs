namespace MLOps.AppHost.Orchestration;

/// <summary>The AppHost's console: child output prefixed with its resource's name, and one line per event.</summary>
internal sealed class ConsoleOutput
{
    private readonly Lock _lock = new();
    private readonly bool _colors = !Console.IsOutputRedirected;

    /// <summary>A line a child process printed: "[mlops-server-1] ...".</summary>
    public void Log(string resource, string line) => Write(Console.Out, $"[{resource}] {line}", color: null);

    public void Ready(string resource, string details) => Write(Console.Out, $"{resource} is ready: {details}", ConsoleColor.Green);

    public void Info(string text) => Write(Console.Out, text, ConsoleColor.Cyan);

    public void Problem(string text) => Write(Console.Error, text, ConsoleColor.Red);

    private void Write(TextWriter writer, string text, ConsoleColor? color)
    {
        lock (_lock)
        {
            if (_colors && color is { } foreground)
            {
                Console.ForegroundColor = foreground;
                writer.WriteLine(text);
                Console.ResetColor();
            }
            else
            {
                writer.WriteLine(text);
            }
        }
    }
}
