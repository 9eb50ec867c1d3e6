using System.Globalization;

namespace MLOps.Bench;

/// <summary>
/// How long each cell warms up and measures (`--warmup 2 --duration 5`, seconds), and optionally which
/// MLOps.Server.dll to start (`--server path`) instead of the one MLOps.AppHost built beside this program.
/// </summary>
internal sealed record BenchOptions(TimeSpan Warmup, TimeSpan Duration, int[] Concurrency, string? ServerAssembly)
{
    public static BenchOptions Parse(string[] args, double warmupSeconds = 2, double durationSeconds = 5)
    {
        var warmup = TimeSpan.FromSeconds(warmupSeconds);
        var duration = TimeSpan.FromSeconds(durationSeconds);
        string? server = null;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            if (args[i] == "--server")
            {
                server = Path.GetFullPath(args[i + 1]);
                continue;
            }

            var seconds = TimeSpan.FromSeconds(double.Parse(args[i + 1], CultureInfo.InvariantCulture));
            switch (args[i])
            {
                case "--warmup":
                    warmup = seconds;
                    break;
                case "--duration":
                    duration = seconds;
                    break;
                default:
                    throw new ArgumentException($"Unknown option '{args[i]}'; the options are --warmup <seconds>, --duration <seconds> and --server <MLOps.Server.dll>.");
            }
        }

        return new BenchOptions(warmup, duration, [1, 8, 64], server);
    }
}
