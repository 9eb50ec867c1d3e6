using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MLOps.IntegrationTests.Fixtures;

/// <summary>
/// The in-process server's log, kept in memory (the newest lines only) so a failing test can say what the server
/// did: warnings and errors of every category, and debug lines of the categories a fixture asks for.
/// </summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private const int MaxLines = 4000;

    private readonly Queue<string> _lines = new();

    /// <summary>Registers this provider with the server: warnings of every category, debug of <paramref name="debugCategories"/>.</summary>
    public void AddTo(IServiceCollection services, params string[] debugCategories)
    {
        services.AddSingleton<ILoggerProvider>(this);
        services.Configure<LoggerFilterOptions>(options =>
        {
            options.AddFilter<CapturedLogs>(null, LogLevel.Warning);
            foreach (var category in debugCategories)
            {
                options.AddFilter<CapturedLogs>(category, LogLevel.Debug);
            }
        });
    }

    /// <summary>The kept lines that <paramref name="keep"/> accepts, oldest first, one per line.</summary>
    public string Dump(Func<string, bool> keep)
    {
        lock (_lines)
        {
            return string.Join('\n', _lines.Where(keep));
        }
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private void Add(string line)
    {
        lock (_lines)
        {
            _lines.Enqueue(line);
            if (_lines.Count > MaxLines)
            {
                _lines.Dequeue();
            }
        }
    }

    private sealed class Logger(CapturedLogs logs, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var line = string.Create(CultureInfo.InvariantCulture,
                $"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel} {category}: {formatter(state, exception)}{(exception is null ? string.Empty : " | " + exception.GetType().Name + ": " + exception.Message)}");
            logs.Add(line);
        }
    }
}
