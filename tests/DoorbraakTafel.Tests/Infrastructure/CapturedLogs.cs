using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace DoorbraakTafel.Tests.Infrastructure;

/// <summary>What the app logged during the run, so a test can check what an error says and what it leaves out.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    public sealed record Entry(string Category, LogLevel Level, string Message);

    private readonly ConcurrentQueue<Entry> entries = new();

    public IReadOnlyList<Entry> Of(string category, LogLevel level) => [.. entries.Where(e => e.Category == category && e.Level == level)];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, entries);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<Entry> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                entries.Enqueue(new Entry(category, logLevel, formatter(state, exception) + (exception is null ? "" : "\n" + exception)));
            }
        }
    }
}
